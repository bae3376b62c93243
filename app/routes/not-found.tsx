import { notFound } from "~/lib/errors";

export function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
