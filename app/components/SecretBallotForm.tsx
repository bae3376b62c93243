// The form of a secret vote. Without JavaScript it sends `choice` and the server encrypts it on
// receipt (it sees the choice for that moment; the page says so). With JavaScript the browser
// builds the encrypted ballot with its proofs (app/crypto/ballot.ts) and sends only `ballot`: the
// plaintext choice never leaves the device. A ballot cannot be changed once cast, so it is confirmed
// first: with JavaScript in a dialog before encrypting; without it the server answers a
// confirmation step which posts `choice` again with `confirmed=1` (the server sees that choice
// anyway without JavaScript).
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { ChoiceRadios, CHOICES } from "./ChoiceRadios";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { buildBallot } from "~/crypto/ballot";
import { ConfirmDialog, ConfirmStepPanel, stepMatches, type ConfirmStepData } from "./ConfirmAction";
import { useScripted } from "./useScripted";

export const SECRET_CHOICES = CHOICES;

interface Props {
  electionId: string;
  /** The election key, hexadecimal. */
  electionKey: string;
  /** The voter's college (the principal's for a proxy), as frozen when the vote opened. */
  collegeId: string;
  /** The voter's weight in that college, millionths, decimal. */
  weightMicro: string;
  forMemberId?: string;
  /** Whose vote it is, on the button: "Voter (Sophie Lambert)". */
  name: string;
  legend: string;
  current?: string | null;
  /** The confirmation step the server answered (without JavaScript). */
  step?: ConfirmStepData | null;
}

type State = { step: "idle" } | { step: "encrypting" } | { step: "sent" } | { step: "failed"; message: string };

export function SecretBallotForm({ electionId, electionKey, collegeId, weightMicro, forMemberId, name, legend, current, step }: Props) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const navigation = useNavigation();
  // False on the server and until hydration: the page then describes the form as it works without JavaScript.
  const scripted = useScripted();
  const [state, setState] = useState<State>({ step: "idle" });
  const [ballotJson, setBallotJson] = useState("");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState<number>(-1);
  useEffect(() => {
    // Back to idle once the answer came (an error shown by the page, or the tracker).
    if (navigation.state === "idle" && state.step === "sent") setState({ step: "idle" });
  }, [navigation.state, state.step]);

  // Asks first; the ballot is built only once the voter confirms.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const choice = new FormData(event.currentTarget).get("choice");
    const index = SECRET_CHOICES.indexOf(choice as (typeof SECRET_CHOICES)[number]);
    if (index < 0) return;
    setChosen(index);
    dialogRef.current?.showModal();
  }

  function onConfirm() {
    const form = formRef.current;
    const index = chosen;
    if (!form || index < 0) return;
    setState({ step: "encrypting" });
    // Let the status render before the (short) computation.
    setTimeout(() => {
      try {
        const ballot = buildBallot({ electionId, electionKey, college: collegeId, weightMicro: BigInt(weightMicro), choice: index, nChoices: SECRET_CHOICES.length });
        // A new form data, without the radios: only the encrypted ballot is sent.
        const data = new FormData();
        data.set("intent", "vote");
        if (forMemberId) data.set("forMemberId", forMemberId);
        data.set("ballot", JSON.stringify(ballot));
        data.set("confirmed", "1");
        setBallotJson(JSON.stringify(ballot));
        setState({ step: "sent" });
        submit(data, { method: "post", action: form.getAttribute("action") ?? undefined });
      } catch (e) {
        setState({ step: "failed", message: e instanceof Error ? e.message : String(e) });
      }
    }, 0);
  }

  const words = { question: t("confirm.secretBallot.question"), label: t("voting.submit", { name }), danger: false };
  if (stepMatches(step, "vote", { forMemberId: forMemberId ?? "" }) && step.fields.choice) {
    return <ConfirmStepPanel intent="vote" fields={step.fields} consequences={t("confirm.secretBallot.consequences", { choice: t(`choices.${step.fields.choice}`) })} {...words} />;
  }
  const busy = state.step === "encrypting" || state.step === "sent" || navigation.state === "submitting";
  return (
    <Form method="post" ref={formRef} className="vote-form secret-ballot" onSubmit={scripted ? onSubmit : undefined} data-encryption={scripted ? "browser" : "server"}>
      <input type="hidden" name="intent" value="vote" />
      {forMemberId ? <input type="hidden" name="forMemberId" value={forMemberId} /> : null}
      {/* Only with JavaScript: without it the server receives `choice` alone. */}
      {scripted ? <input type="hidden" name="ballot" value={ballotJson} /> : null}
      <fieldset disabled={busy}>
        <legend>{legend}</legend>
        <ChoiceRadios current={current} />
      </fieldset>
      <p className="muted small">{scripted ? t("secretBallot.inBrowser") : t("secretBallot.onServer")}</p>
      <button type="submit" className="button" disabled={busy}>
        {t("voting.submit", { name })}
      </button>
      <p role="status" aria-live="polite" className={state.step === "failed" ? "alert alert-error" : "muted"}>
        {state.step === "encrypting" ? t("secretBallot.encrypting") : state.step === "sent" ? t("secretBallot.sending") : state.step === "failed" ? t("secretBallot.failed", { message: state.message }) : null}
      </p>
      {scripted ? <ConfirmDialog dialogRef={dialogRef} consequences={chosen >= 0 ? t("confirm.secretBallot.consequences", { choice: t(`choices.${SECRET_CHOICES[chosen]}`) }) : ""} onConfirm={onConfirm} {...words} /> : null}
    </Form>
  );
}
