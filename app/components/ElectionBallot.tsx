// The ballot of an election. Plurinominal: a checkbox per candidate, at most as many as seats;
// approval: for, against or abstain on each candidate. An open ballot (or a secret one without
// JavaScript, which the server encrypts on receipt) sends one field "mark_<candidacy id>" per
// mark; with JavaScript a secret ballot is encrypted in the browser (one ciphertext per
// candidate, app/crypto/ballot.ts encryptSelections) and only `ballot` leaves the device. A
// secret ballot is confirmed first, as a resolution's.
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { encryptSelections } from "~/crypto/ballot";
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
  const [picked, setPicked] = useState<string[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const chosenNames = (ids: string[]) => candidates.filter((c) => ids.includes(c.id)).map((c) => c.name).join(", ") || t("elections.blank");
  const words = { question: t("confirm.secretBallot.question"), label: t("voting.submit", { name }), danger: false };
  if (secret && stepMatches(step, "vote", { forMemberId: forMemberId ?? "" })) {
    const ids = Object.entries(step.fields).filter(([k, v]) => k.startsWith("mark_") && v === "for").map(([k]) => k.slice(5));
    return <ConfirmStepPanel intent="vote" fields={step.fields} consequences={t("elections.confirmBallot", { names: chosenNames(ids) })} {...words} />;
  }
  const encrypting = secret != null && scripted;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const ids = candidates.filter((c) => data.get(`mark_${c.id}`) === "for").map((c) => c.id);
    if (ids.length > seats) {
      setFailed(t("elections.errors.tooManyApprovals", { count: ids.length, seats }));
      return;
    }
    setFailed(null);
    setPicked(ids);
    dialogRef.current?.showModal();
  }

  function onConfirm() {
    const form = formRef.current;
    if (!form || !secret) return;
    try {
      const ballot = encryptSelections({
        electionId: secret.electionId,
        electionKey: secret.electionKey,
        college: secret.collegeId,
        weightMicro: BigInt(secret.weightMicro),
        selections: candidates.map((c) => (picked.includes(c.id) ? 1 : 0)),
        min: 0,
        // As the box's question: at most the seats, and never more than there are candidates.
        max: Math.min(seats, candidates.length),
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
