import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "~/locales/en";
import fr from "~/locales/fr";
import { DEFAULT_LOCALE, de, type Locale } from "./locale";

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

/** A synchronous i18next instance for one locale; resources are bundled, nothing is fetched. */
export function createI18n(locale: Locale): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
  });
  // « {{name, de}} » in French: « de Claire », « d’Élodie ».
  instance.services.formatter?.add("de", (value: unknown) => de(String(value)));
  return instance;
}

/** A translator for server-side text (e-mails, exports, CLI). */
export function getFixedT(locale: Locale) {
  return createI18n(locale).getFixedT(locale);
}
