import type { i18n as I18n } from "i18next";
import { createI18n } from "./i18n";
import type { Locale } from "./locale";

// Instances never change language once made, so one per locale can be shared by all requests.
const instances = new Map<Locale, I18n>();

export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    instances.set(locale, instance);
  }
  return instance;
}
