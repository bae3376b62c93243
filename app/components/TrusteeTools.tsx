// What a trustee's browser does (with JavaScript only; the page has forms for the command line
// otherwise): create the key share and offer it as a passphrase-protected file, and, at the
// close, read that file back and compute the decryption shares. The secret key never leaves the
// device: inputs holding the passphrase or the key file have no `name`, so no form sends them.
import { useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CryptoFormatError } from "~/crypto/encoding";
import { decryptKeyFile, encryptKeyFile, KeyFileError, MIN_PASSPHRASE_LENGTH } from "~/crypto/keyfile";
import { makeSharesFile, type SumsFileJson } from "~/crypto/sums-file";
import { generateTrusteeKey, type TrusteeKeyJson } from "~/crypto/trustee";

/** A file name without characters that file systems refuse. */
export function fileSafe(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "garant";
}

type Step = { step: "form" } | { step: "working" } | { step: "ready"; url: string; fileName: string; key: TrusteeKeyJson } | { step: "failed"; message: string };

function useErrorText() {
  const { t } = useTranslation();
  return (e: unknown) => {
    if (e instanceof KeyFileError) return t(`trustees.keyFile.${e.code}`, { min: MIN_PASSPHRASE_LENGTH });
    if (e instanceof CryptoFormatError) return t("trustees.js.badFile", { detail: e.message });
    return t("trustees.js.failed", { detail: e instanceof Error ? e.message : String(e) });
  };
}

/** Creates the key in the browser, offers the encrypted key file, then publishes the public part. */
export function KeyCreator({ electionId, name, fileBase }: { electionId: string; name: string; fileBase: string }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const errorText = useErrorText();
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [state, setState] = useState<Step>({ step: "form" });
  const [saved, setSaved] = useState(false);
  useEffect(() => () => (state.step === "ready" ? URL.revokeObjectURL(state.url) : undefined), [state]);

  async function create() {
    if ([...passphrase.normalize("NFC")].length < MIN_PASSPHRASE_LENGTH) return setState({ step: "failed", message: t("trustees.keyFile.weak", { min: MIN_PASSPHRASE_LENGTH }) });
    if (passphrase !== confirm) return setState({ step: "failed", message: t("trustees.js.mismatch") });
    setState({ step: "working" });
    try {
      const { secretKey, key } = generateTrusteeKey(electionId, name);
      const file = await encryptKeyFile({ electionId, name, secretKey }, passphrase);
      const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
      setSaved(false);
      setState({ step: "ready", url, fileName: `cogere-cle-${fileSafe(fileBase)}-${fileSafe(name)}.json`, key });
    } catch (e) {
      setState({ step: "failed", message: errorText(e) });
    }
  }

  return (
    <div className="stack trustee-key-creator">
      <div className="field">
        <label htmlFor="trustee-passphrase">{t("trustees.js.passphrase")}</label>
        <p className="hint" id="trustee-passphrase-hint">
          {t("trustees.js.passphraseHint", { min: MIN_PASSPHRASE_LENGTH })}
        </p>
        <input id="trustee-passphrase" type="password" autoComplete="new-password" aria-describedby="trustee-passphrase-hint" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="trustee-passphrase-confirm">{t("trustees.js.confirm")}</label>
        <input id="trustee-passphrase-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </div>
      <p>
        <button type="button" className="button" onClick={create} disabled={state.step === "working"}>
          {t("trustees.js.create")}
        </button>
      </p>
      <p role="status" aria-live="polite" className={state.step === "failed" ? "alert alert-error" : "muted"}>
        {state.step === "working" ? t("trustees.js.creating") : state.step === "failed" ? state.message : null}
      </p>
      {state.step === "ready" ? (
        <div className="panel">
          <p>{t("trustees.js.download")}</p>
          <p>
            <a className="button button-secondary" href={state.url} download={state.fileName} onClick={() => setSaved(true)}>
              {t("trustees.js.downloadLink", { file: state.fileName })}
            </a>
          </p>
          <p>
            <button type="button" className="button" disabled={!saved} onClick={() => submit({ intent: "publishKey", key: JSON.stringify(state.key) }, { method: "post" })}>
              {t("trustees.js.publish")}
            </button>
          </p>
          {!saved ? <p className="muted small">{t("trustees.js.downloadFirst")}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

/** Reads the key file, computes the shares of the sums in the browser and sends them. */
export function ShareMaker({ sums, name }: { sums: SumsFileJson; name: string }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [state, setState] = useState<{ step: "form" | "working" } | { step: "failed"; message: string }>({ step: "form" });

  async function decrypt() {
    if (!file) return setState({ step: "failed", message: t("trustees.js.noFile") });
    setState({ step: "working" });
    try {
      const secret = await decryptKeyFile(await file.text(), passphrase);
      if (secret.name !== name) return setState({ step: "failed", message: t("trustees.js.otherTrustee", { got: secret.name, expected: name }) });
      const shares = makeSharesFile(secret, sums);
      setState({ step: "form" });
      submit({ intent: "submitShares", shares: JSON.stringify(shares) }, { method: "post" });
    } catch (e) {
      setState({ step: "failed", message: errorText(e) });
    }
  }

  return (
    <div className="stack trustee-share-maker">
      <div className="field">
        <label htmlFor="trustee-keyfile">{t("trustees.js.keyFile")}</label>
        <input id="trustee-keyfile" type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <div className="field">
        <label htmlFor="trustee-unlock">{t("trustees.js.passphrase")}</label>
        <input id="trustee-unlock" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </div>
      <p>
        <button type="button" className="button" onClick={decrypt} disabled={state.step === "working"}>
          {t("trustees.js.decrypt")}
        </button>
      </p>
      <p role="status" aria-live="polite" className={state.step === "failed" ? "alert alert-error" : "muted"}>
        {state.step === "working" ? t("trustees.js.decrypting") : state.step === "failed" ? state.message : null}
      </p>
    </div>
  );
}
