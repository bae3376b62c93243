// A button for an irreversible action, asked twice. With JavaScript a dialog opens on click and
// the form goes with `confirmed=1`; without it the form goes without, the server writes nothing
// and answers the page with a confirmation step (needsConfirmation in app/lib/actions.server.ts)
// whose form posts the same fields again with `confirmed=1`.
import { Form, Link, useLocation, useSubmit } from "@remix-run/react";
import { useId, useRef, type FormEvent, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { useScripted } from "./useScripted";

/** The step the server answered (the action data's `confirm`), as app/lib/actions.server.ts builds it. */
export interface ConfirmStepData {
  intent: string;
  fields: Record<string, string>;
}

/** True when the server asked to confirm this very form: same intent, same identifying fields. */
export function stepMatches(step: ConfirmStepData | null | undefined, intent: string, fields: Record<string, string> = {}): step is ConfirmStepData {
  return step != null && step.intent === intent && Object.entries(fields).every(([k, v]) => (step.fields[k] ?? "") === v);
}

interface Words {
  /** "Clore le vote ?" */
  question: string;
  /** "Le résultat sera figé et ne pourra plus changer." */
  consequences: string;
  /** The button that does it. */
  label: string;
  danger?: boolean;
}

/** The page step without JavaScript: the question, and a form posting the fields again with `confirmed=1`. */
export function ConfirmStepPanel({ intent, fields, question, consequences, label, danger = true }: Words & { intent: string; fields: Record<string, string> }) {
  const { t } = useTranslation();
  const location = useLocation();
  const id = useId();
  return (
    <section className={`panel confirm-step ${danger ? "alert alert-error" : "alert"}`} role="alert" aria-labelledby={id}>
      <p id={id}>
        <strong>{question}</strong>
      </p>
      <p>{consequences}</p>
      <Form method="post" className="toolbar">
        <input type="hidden" name="intent" value={intent} />
        {Object.entries(fields).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="confirmed" value="1" />
        <button type="submit" className={danger ? "button button-danger" : "button"}>
          {label}
        </button>
        <Link to={`${location.pathname}${location.search}`} className="button button-secondary">
          {t("confirm.cancel")}
        </Link>
      </Form>
    </section>
  );
}

/** The dialog with JavaScript: `onConfirm` runs when the person confirms; Cancel or Escape closes it. */
export function ConfirmDialog({ dialogRef, question, consequences, label, danger = true, onConfirm }: Words & { dialogRef: RefObject<HTMLDialogElement>; onConfirm: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby={`${id}-q`} aria-describedby={`${id}-c`}>
      <p id={`${id}-q`}>
        <strong>{question}</strong>
      </p>
      <p id={`${id}-c`}>{consequences}</p>
      <div className="toolbar">
        <button
          type="button"
          className={danger ? "button button-danger" : "button"}
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
        >
          {label}
        </button>
        <button type="button" className="button button-secondary" autoFocus onClick={() => dialogRef.current?.close()}>
          {t("confirm.cancel")}
        </button>
      </div>
    </dialog>
  );
}

interface Props extends Words {
  intent: string;
  /** Hidden fields sent with the intent (they also tell this form's step from another's). */
  fields?: Record<string, string>;
  /** The action data's `confirm`, when the server asks to confirm (without JavaScript). */
  step?: ConfirmStepData | null;
  className?: string;
  buttonClassName?: string;
  /** The button's accessible name when its label alone is ambiguous (a button per row). */
  ariaLabel?: string;
}

export function ConfirmAction({ intent, fields = {}, step, question, consequences, label, danger = true, className, buttonClassName, ariaLabel }: Props) {
  const scripted = useScripted();
  const submit = useSubmit();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  if (stepMatches(step, intent, fields)) return <ConfirmStepPanel intent={intent} fields={step.fields} question={question} consequences={consequences} label={label} danger={danger} />;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    dialogRef.current?.showModal();
  }
  function onConfirm() {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    data.set("confirmed", "1");
    submit(data, { method: "post", action: form.getAttribute("action") ?? undefined });
  }
  return (
    <>
      <Form method="post" ref={formRef} className={className} onSubmit={scripted ? onSubmit : undefined}>
        <input type="hidden" name="intent" value={intent} />
        {Object.entries(fields).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <button type="submit" className={buttonClassName ?? (danger ? "button button-danger" : "button")} aria-label={ariaLabel}>
          {label}
        </button>
      </Form>
      {scripted ? <ConfirmDialog dialogRef={dialogRef} question={question} consequences={consequences} label={label} danger={danger} onConfirm={onConfirm} /> : null}
    </>
  );
}

/** The confirmation step in an action's answer, whatever its shape. */
export function confirmOf(result: unknown): ConfirmStepData | null {
  if (result == null || typeof result !== "object" || !("confirm" in result)) return null;
  const step = (result as { confirm?: unknown }).confirm;
  return step != null && typeof step === "object" && "intent" in step && "fields" in step ? (step as ConfirmStepData) : null;
}
