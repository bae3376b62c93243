import { useEffect, useState } from "react";

/** True once React runs in the browser: until then (and without JavaScript) a page shows its forms as they work without it. */
export function useScripted(): boolean {
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  return scripted;
}
