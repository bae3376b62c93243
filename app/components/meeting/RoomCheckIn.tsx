import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { roomCheckInOpen } from "~/domain/room";
import { isoDateInParis } from "~/lib/dates";
import { useMessage } from "../Forms";
import type { FieldErrors } from "~/schemas/form";

/** "Je suis dans la salle": a member types the code shown on the room's screen to check in as present. */
export function RoomCheckIn({ action, code, errors }: { action: string; code?: string; errors?: FieldErrors | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  const error = errors?.code ?? errors?._form;
  return (
    <section aria-labelledby="room-checkin-title" className="panel room-checkin">
      <h2 id="room-checkin-title">{t("attendance.selfTitle")}</h2>
      <p className="muted small">{t("attendance.selfHint")}</p>
      <Form method="post" action={action} className="inline-form">
        <input type="hidden" name="intent" value="self-check-in" />
        <div className={`field${error ? " field-invalid" : ""}`}>
          <label htmlFor="room-code">{t("attendance.selfCode")}</label>
          <input
            id="room-code"
            name="code"
            defaultValue={code}
            required
            maxLength={20}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="room-code-input"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "room-code-error" : undefined}
          />
          {error ? (
            <p id="room-code-error" className="field-error">
              {message(error)}
            </p>
          ) : null}
        </div>
        <button className="button">{t("attendance.selfSubmit")}</button>
      </Form>
    </section>
  );
}

/** On the meeting page: the form, for a member not yet present, while the room takes check-ins. */
export function MeetingRoomCheckIn({ slug, meeting, checkedIn }: { slug: string; meeting: { id: string; kind: string; status: string; startsAt: string }; checkedIn: string | null }) {
  const onTheDay = isoDateInParis() === isoDateInParis(new Date(meeting.startsAt));
  if (checkedIn === "present" || !roomCheckInOpen(meeting, onTheDay)) return null;
  return <RoomCheckIn action={`/o/${slug}/meetings/${meeting.id}/here`} />;
}
