// English texts of the "collegeRules" namespace; the same keys as fr-college-rules.ts (the type checks it).
import type { Same } from "./en";
import type fr from "./fr-college-rules";

const collegeRules: Same<typeof fr> = {
  title: "Rules inside the colleges",
  legend: "Inside each college",
  intro: "What the statutes say about the vote inside a college: keep the defaults if they say nothing.",
  abstainLabel: "Abstentions inside a college",
  abstain: {
    "left-out": "Count as the base above says",
    for: "Count as votes for (“silence gives consent”)",
    against: "Count as votes against",
  },
  bloc: "Threshold for a college to vote as a bloc",
  blocHint: "Winner takes the college only. A fraction (3/5) or a percentage (60%) of the college’s votes; empty: the side with more votes wins.",
  blocStrict: "Strictly more than this threshold",
  blocStrictHint: "Checked: “more than 60%”. Unchecked: “at least 60%”.",
  otherwiseLabel: "When neither side reaches it",
  otherwise: {
    neutralise: "The college is neutralised",
    "second-round": "A second round is needed (simple majority inside each college)",
  },
  quorum: "Quorum inside each college",
  quorumHint: "A fraction of the college’s members (1/4, 1/3); below it the college is neutralised. Empty: no quorum per college.",
  proxySameCollege: "The proxy holder must be in the principal’s college",
  proxySameCollegeHint: "A proxy given to a member of another college is void.",
  proxyMaxPerCollege: "Proxies per holder and per college, at most",
  proxyMaxPerCollegeHint: "A number; empty: no cap per college.",
  proxyHoldersLabel: "Who may hold a proxy for a meeting",
  proxyHolders: {
    members: "Another member only",
    spouse: "Another member, or the principal’s spouse or PACS partner (SA, SARL)",
    anyone: "Another member or any person the principal names",
  },
  words: {
    abstain: {
      for: ", abstentions counting as for inside each college",
      against: ", abstentions counting as against inside each college",
    },
    blocMoreThan: ", a college voting as a bloc only when one side has more than {{percent}}% of its votes",
    blocAtLeast: ", a college voting as a bloc only when one side has at least {{percent}}% of its votes",
    otherwise: {
      neutralise: "(otherwise it is neutralised)",
      "second-round": "(otherwise a second round at simple majority)",
    },
    quorum: ", a quorum of {{percent}}% of the members inside each college",
    proxySameCollege: ", proxies given inside one’s own college",
    proxyMaxPerCollege: ", proxies capped at {{max}} per holder and college",
    proxyHolders: {
      spouse: ", proxies possible to a spouse or PACS partner",
      anyone: ", proxies possible to a person outside the members",
    },
  },
  reasons: {
    "second-round": "Neither side reached the threshold inside a college: a second round is needed.",
  },
  round2: "Second round",
  collegeQuorumNotReached: "College quorum not reached: {{present}} of {{required}} required, college neutralised",
  blocVote: {
    for: "votes for as a bloc",
    against: "votes against as a bloc",
    none: "neither side reached the threshold",
  },
  errors: {
    proxyOtherCollege: "{{name}} is not in your college: the statutes require a holder from your college.",
    proxyCollegeCapReached_one: "{{name}} already holds {{count}} proxy from your college; the cap per college is {{cap}}.",
    proxyCollegeCapReached_other: "{{name}} already holds {{count}} proxies from your college; the cap per college is {{cap}}.",
    voteOtherCollege: "The proxy of {{name}} is void: its holder is not in their college.",
    voteCollegeCap: "The proxy of {{name}} is void: it is over the cap per college.",
  },
};

export default collegeRules;
