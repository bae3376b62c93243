// Its author corrects or withdraws an expense until someone gives an opinion on it.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "./Forms";

interface Props {
  expense: { id: string; lineId: string; payee: string; spentOn: string; amountText: string; description: string; resolutionId: string | null };
  lines: { id: string; label: string }[];
  resolutions: { id: string; number: string; title: string }[];
  /** The last answer to a correction of this expense: its errors and the values typed. */
  failed: { errors: FieldErrors; values: Record<string, string> } | null;
}

export function ExpenseCorrection({ expense: e, lines, resolutions, failed }: Props) {
  const { t } = useTranslation();
  const value = (name: string, fallback: string) => (failed ? (failed.values[name] ?? fallback) : fallback);
  const errors = failed?.errors ?? null;
  const id = (name: string) => `${name}-${e.id}`;
  return (
    <details className="expense-correction" open={failed != null}>
      <summary>{t("confirm.correctExpense")}</summary>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="correct" />
        <input type="hidden" name="expenseId" value={e.id} />
        <SelectField name="lineId" id={id("lineId")} label={t("fields.lineId")} required defaultValue={value("lineId", e.lineId)} options={lines.map((l) => ({ value: l.id, label: l.label }))} errors={errors} />
        <TextField name="payee" id={id("payee")} label={t("fields.payee")} required maxLength={200} defaultValue={value("payee", e.payee)} errors={errors} />
        <TextField name="spentOn" id={id("spentOn")} label={t("fields.spentOn")} type="date" required defaultValue={value("spentOn", e.spentOn)} errors={errors} />
        <TextField name="amount" id={id("amount")} label={t("expensesUi.amountEuros")} required defaultValue={value("amount", e.amountText)} errors={errors} />
        <TextAreaField name="description" id={id("description")} label={t("fields.description")} required maxLength={1000} defaultValue={value("description", e.description)} errors={errors} />
        <SelectField
          name="resolutionId"
          id={id("resolutionId")}
          label={t("expensesUi.resolution")}
          defaultValue={value("resolutionId", e.resolutionId ?? "")}
          options={[{ value: "", label: t("expensesUi.noResolution") }, ...resolutions.map((r) => ({ value: r.id, label: `${r.number} — ${r.title}` }))]}
          errors={errors}
        />
        <button className="button button-small">{t("confirm.correctSubmit")}</button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name="expenseId" value={e.id} />
        <button className="button button-small button-danger">{t("confirm.withdrawExpense")}</button>
      </Form>
    </details>
  );
}
