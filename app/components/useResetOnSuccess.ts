import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * A key for a form that must be emptied once it succeeded (with JavaScript the page is not
 * reloaded, so its fields would keep what was typed and a second click would add it again).
 * It changes when a submission of this intent ends without an error answered for it; without
 * JavaScript the page reloads and the form is empty anyway.
 */
export function useResetOnSuccess(intent: string, failed: boolean): number {
  const navigation = useNavigation();
  const [key, setKey] = useState(0);
  const sent = useRef(false);
  useEffect(() => {
    if (navigation.state === "submitting" && navigation.formData?.get("intent") === intent) sent.current = true;
    else if (navigation.state === "idle" && sent.current) {
      sent.current = false;
      if (!failed) setKey((k) => k + 1);
    }
  }, [navigation.state, navigation.formData, intent, failed]);
  return key;
}
