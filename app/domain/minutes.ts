/**
 * The minutes (procès-verbal) of a meeting as data: everything the law asks them to state
 * (DESIGN.md §3 "Minutes", LEGAL.md §4), frozen as it is when they are finalised.
 * Figures are exact fraction texts ("307/600"); the renderers format them.
 */
import type { WordPart } from "./rules";

export type AttendanceStatus = "present" | "remote" | "represented" | "postal" | "absent";

export interface MinutesCollege {
  name: string | null;
  eligible: number;
  eligibleWeight: string;
  present: number;
  presentWeight: string;
  remote: number;
  remoteWeight: string;
  represented: number;
  representedWeight: string;
  postal: number;
  postalWeight: string;
  absent: number;
  absentWeight: string;
}

export interface MinutesResolution {
  number: string;
  title: string;
  body: string;
  kind: string;
  ruleName: string;
  ruleWords: WordPart[];
  secret: boolean;
  status: string;
  outcome: "adopted" | "rejected" | null;
  reason: string | null;
  for: string | null;
  against: string | null;
  base: string | null;
  share: string | null;
  percent: string | null;
  warnings: string[];
  headcountFallback: boolean;
  colleges: { name: string; eligible: number; voted: number; for: string; against: string; abstain: string; weight: string; effectiveWeight: string; counted: boolean }[];
  channels: Record<string, number>;
  /**
   * A closed secret vote's two channels and ballot box (absent from minutes frozen before
   * secret votes were encrypted): ballots in the box, paper ballots counted in the room, the
   * key's holders and the box's SHA-256.
   */
  ballotBox?: { mode: "server" | "trustees"; trustees: string[]; ballots: number; paper: number; boxHash: string | null } | null;
  /** Secret vote: colleges of fewer than three eligible voters, whose totals reveal choices (null: outside any college). */
  smallColleges?: (string | null)[];
  /** Secret vote: postal votes set aside at the opening (their ballot no longer fitted the member). */
  postalSetAside?: number;
  /** 2: the second round of the vote numbered `firstRound`. */
  round?: number;
  firstRound?: string | null;
  /** An election: the seats, and per candidate the weighted votes and who is elected. */
  election?: MinutesElection | null;
}

export interface MinutesElection {
  organ: string;
  seats: number;
  method: string;
  candidates: { name: string; college: string | null; for: string; against: string | null; share: string | null; elected: boolean }[];
  elected: string[];
  seatsLeft: number;
  secondRound: boolean;
  /** Each tie broken: the names, the criteria, the order, and the draw's seed when lots were drawn. */
  ties: { names: string[]; by: string[]; order: string[]; seed: string | null }[];
}

export interface MinutesModel {
  entity: { name: string; legalForm: string; address: string | null; registrationNumber: string | null };
  meeting: {
    kind: string;
    /** A meeting of an organ: its name ("Procès-verbal de la réunion du Conseil coopératif"). */
    organ?: string | null;
    title: string;
    call: number;
    startsAt: string;
    place: string | null;
    remoteLink: string | null;
    openedAt: string | null;
    closedAt: string | null;
    noticeSentAt: string | null;
    noticeMode: string | null;
    noticeLate: boolean;
    noticeDays: number;
  };
  officers: { president: string | null; secretary: string | null; scrutineers: string[] };
  agenda: { title: string; description: string | null; summary: string | null; resolutionNumber: string | null }[];
  documents: { name: string; sha256: string }[];
  attendance: { colleges: MinutesCollege[]; total: number; totalWeight: string; counted: number };
  quorum: { kind: "ordinary" | "extraordinary"; fraction: string; required: string; present: string; reached: boolean }[];
  members: { name: string; number: string | null; college: string | null; status: AttendanceStatus; holder: string | null; /** Set when the holder is a person outside the members. */ holderRelation?: "spouse" | "other" | null; weight: string }[];
  incidents: string | null;
  resolutions: MinutesResolution[];
}

/** Members are "associés" in a cooperative company, "membres" elsewhere. */
export function memberWord(legalForm: string): "associates" | "members" {
  return legalForm.startsWith("scic") ? "associates" : "members";
}
