// The ballot of an election. Plurinominal: a checkbox per candidate, at most as many as seats;
// approval: for, against or abstain on each candidate. An open ballot (or a secret one without
// JavaScript, which the server encrypts on receipt) sends one field "mark_<candidacy id>" per
// mark; with JavaScript a secret ballot is encrypted in the browser (one ciphertext per
// candidate, approval two: for and against; app/crypto/ballot.ts encryptSelections) and only
// `ballot` leaves the device. A secret ballot is confirmed first, as a resolution's.
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { encryptSelections } from "~/crypto/ballot";
import { electionSelections } from "~/domain/election-selections";
import { CHOICES } from "./ChoiceRadios";
import { ConfirmDialog, ConfirmStepPanel, stepMatches, type ConfirmStepData } from "./ConfirmAction";
import { useScripted } from "./useScripted";

export interface BallotCandidate {
  id: string;
  name: string;
  collegeName: string | null;
}

interface Props {
  method: string;
  seats: number;
  candidates: BallotCandidate[];
  name: string;
  legend: string;
  forMemberId?: string;
  /** An open ballot being changed: its marks. */
  current?: Record<string, string> | null;
  /** A secret ballot: what the browser encrypts with. */
  secret?: { electionId: string; electionKey: string; collegeId: string; weightMicro: string } | null;
  step?: ConfirmStepData | null;
}

export function ElectionBallot({ method, seats, candidates, name, legend, forMemberId, current, secret, step }: Props) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const navigation = useNavigation();
  const scripted = useScripted();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The marks of the ballot being confirmed: candidacy id → "for" (plurinominal, approval) or "against" (approval).
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<string | null>(null);
  const namesWith = (marks: Record<string, string>, mark: string) => candidates.filter((c) => marks[c.id] === mark).map((c) => c.name).join(", ");
  const chosenNames = (marks: Record<string, string>) => {
    if (method !== "approval") return namesWith(marks, "for") || t("elections.blank");
    const parts = (["for", "against"] as const).filter((m) => namesWith(marks, m) !== "").map((m) => t("elections.markedNames", { mark: t(`choices.${m}`), names: namesWith(marks, m) }));
    return parts.join(" / ") || t("choices.abstain");
  };
  const words = { question: t("confirm.secretBallot.question"), label: t("voting.submit", { name }), danger: false };
  if (secret && stepMatches(step, "vote", { forMemberId: forMemberId ?? "" })) {
    const marks = Object.fromEntries(Object.entries(step.fields).filter(([k]) => k.startsWith("mark_")).map(([k, v]) => [k.slice(5), v]));
    return <ConfirmStepPanel intent="vote" fields={step.fields} consequences={t("elections.confirmBallot", { names: chosenNames(marks) })} {...words} />;
  }
  const encrypting = secret != null && scripted;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const marks: Record<string, string> = {};
    for (const c of candidates) {
      const mark = data.get(`mark_${c.id}`);
      if (mark === "for" || (method === "approval" && mark === "against")) marks[c.id] = mark;
    }
    const approvals = Object.values(marks).filter((m) => m === "for").length;
    if (approvals > seats) {
      setFailed(t("elections.errors.tooManyApprovals", { count: approvals, seats }));
      return;
    }
    setFailed(null);
    setPicked(marks);
    dialogRef.current?.showModal();
  }

  function onConfirm() {
    const form = formRef.current;
    if (!form || !secret) return;
    try {
      // As the box's question: per candidate one ciphertext (approval: for, against), at most
      // the seats selected (approval: said for), and never more than there are candidates.
      const { selections, perAnswer } = electionSelections(method, candidates.map((c) => c.id), picked);
      const ballot = encryptSelections({
        electionId: secret.electionId,
        electionKey: secret.electionKey,
        college: secret.collegeId,
        weightMicro: BigInt(secret.weightMicro),
        selections,
        min: 0,
        max: Math.min(seats, candidates.length),
        ...(perAnswer !== undefined ? { perAnswer } : {}),
      });
      const data = new FormData();
      data.set("intent", "vote");
      data.set("form", "election");
      if (forMemberId) data.set("forMemberId", forMemberId);
      data.set("ballot", JSON.stringify(ballot));
      data.set("confirmed", "1");
      submit(data, { method: "post", action: form.getAttribute("action") ?? undefined });
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    }
  }

  const busy = navigation.state === "submitting";
  return (
    <Form method="post" ref={formRef} className="vote-form election-ballot" onSubmit={encrypting ? onSubmit : undefined} data-encryption={secret ? (scripted ? "browser" : "server") : undefined}>
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="form" value="election" />
      {forMemberId ? <input type="hidden" name="forMemberId" value={forMemberId} /> : null}
      <fieldset disabled={busy}>
        <legend>{legend}</legend>
        <p className="muted small">{method === "approval" ? t("elections.approvalHint") : t("elections.pluriHint", { count: seats })}</p>
        {method === "approval" ? (
          candidates.map((c) => (
            <fieldset key={c.id} className="candidate-marks">
              <legend>
                {c.name} {c.collegeName ? <span className="muted small">({c.collegeName})</span> : null}
              </legend>
              <div className="choices">
                {CHOICES.map((choice) => (
                  <label key={choice} className={`choice choice-${choice}`}>
                    <input type="radio" name={`mark_${c.id}`} value={choice} defaultChecked={(current?.[c.id] ?? "abstain") === choice} />
                    <span>{t(`choices.${choice}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))
        ) : (
          <ul className="checks candidates">
            {candidates.map((c) => (
              <li key={c.id} className="field-check">
                <input type="checkbox" id={`mark-${forMemberId ?? "me"}-${c.id}`} name={`mark_${c.id}`} value="for" defaultChecked={current?.[c.id] === "for"} />
                <label htmlFor={`mark-${forMemberId ?? "me"}-${c.id}`}>
                  {c.name} {c.collegeName ? <span className="muted small">({c.collegeName})</span> : null}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      {secret ? <p className="muted small">{scripted ? t("secretBallot.inBrowser") : t("secretBallot.onServer")}</p> : null}
      <button type="submit" className="button" disabled={busy}>
        {current ? t("voting.change") : t("voting.submit", { name })}
      </button>
      {failed ? (
        <p role="alert" className="alert alert-error">
          {failed}
        </p>
      ) : null}
      {encrypting ? <ConfirmDialog dialogRef={dialogRef} consequences={t("elections.confirmBallot", { names: chosenNames(picked) })} onConfirm={onConfirm} {...words} /> : null}
    </Form>
  );
}
