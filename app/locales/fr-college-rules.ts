// French texts of the "collegeRules" namespace: voting rules inside each college and the statutes'
// own proxy rules (kept apart from fr.ts so that capabilities grow in their own file).
const collegeRules = {
  title: "Règles internes aux collèges",
  legend: "À l’intérieur de chaque collège",
  intro: "Ce que disent les statuts du vote dans un collège\u00a0: laissez les valeurs par défaut s’ils n’en disent rien.",
  abstainLabel: "Les abstentions dans un collège",
  abstain: {
    "left-out": "Comptent selon la base choisie ci-dessus",
    for: "Comptent comme des voix pour («\u00a0qui ne dit mot consent\u00a0»)",
    against: "Comptent comme des voix contre",
  },
  bloc: "Seuil pour qu’un collège vote en bloc",
  blocHint: "Vote bloqué par collège seulement. Une fraction (3/5) ou un pourcentage (60\u00a0%) des voix du collège\u00a0; vide\u00a0: le côté qui a le plus de voix l’emporte.",
  blocStrict: "Strictement plus que ce seuil",
  blocStrictHint: "Coché\u00a0: «\u00a0plus de 60\u00a0%\u00a0». Décoché\u00a0: «\u00a0au moins 60\u00a0%\u00a0».",
  otherwiseLabel: "Si aucun côté n’atteint ce seuil",
  otherwise: {
    neutralise: "Le collège est neutralisé",
    "second-round": "Un second tour est nécessaire (à la majorité simple dans chaque collège)",
  },
  quorum: "Quorum dans chaque collège",
  quorumHint: "Une fraction des membres du collège (1/4, 1/3)\u00a0; en dessous, le collège est neutralisé. Vide\u00a0: pas de quorum par collège.",
  proxySameCollege: "Le mandataire doit appartenir au collège du mandant",
  proxySameCollegeHint: "Un pouvoir donné à un membre d’un autre collège est nul.",
  proxyMaxPerCollege: "Pouvoirs par mandataire et par collège, au plus",
  proxyMaxPerCollegeHint: "Un nombre\u00a0; vide\u00a0: pas de limite par collège.",
  proxyHoldersLabel: "Qui peut recevoir un pouvoir pour une assemblée",
  proxyHolders: {
    members: "Un autre membre seulement",
    spouse: "Un autre membre, ou le conjoint ou partenaire de PACS du mandant (SA, SARL)",
    anyone: "Un autre membre ou toute personne désignée par le mandant",
  },
  words: {
    abstain: {
      for: ", les abstentions comptant pour dans chaque collège",
      against: ", les abstentions comptant contre dans chaque collège",
    },
    blocMoreThan: ", un collège ne votant en bloc que si un côté y réunit plus de {{percent}}\u00a0% des voix",
    blocAtLeast: ", un collège ne votant en bloc que si un côté y réunit au moins {{percent}}\u00a0% des voix",
    otherwise: {
      neutralise: "(sinon il est neutralisé)",
      "second-round": "(sinon second tour à la majorité simple)",
    },
    quorum: ", quorum de {{percent}}\u00a0% des membres dans chaque collège",
    proxySameCollege: ", pouvoirs donnés dans son propre collège",
    proxyMaxPerCollege: ", pouvoirs limités à {{max}} par mandataire et par collège",
    proxyHolders: {
      spouse: ", pouvoirs possibles au conjoint ou partenaire de PACS",
      anyone: ", pouvoirs possibles à une personne extérieure",
    },
  },
  reasons: {
    "second-round": "Aucun côté n’a atteint le seuil dans un collège\u00a0: un second tour est nécessaire.",
  },
  round2: "Second tour",
  collegeQuorumNotReached: "Quorum du collège non atteint\u00a0: {{present}} sur {{required}} requis, collège neutralisé",
  blocVote: {
    for: "vote en bloc pour",
    against: "vote en bloc contre",
    none: "aucun côté n’atteint le seuil",
  },
  errors: {
    proxyOtherCollege: "{{name}} n’est pas du même collège que vous\u00a0: les statuts imposent un mandataire de votre collège.",
    proxyCollegeCapReached_one: "{{name}} détient déjà {{count}} pouvoir de votre collège, le maximum par collège est {{cap}}.",
    proxyCollegeCapReached_other: "{{name}} détient déjà {{count}} pouvoirs de votre collège, le maximum par collège est {{cap}}.",
    voteOtherCollege: "Le pouvoir de {{name}} est nul\u00a0: son mandataire n’est pas de son collège.",
    voteCollegeCap: "Le pouvoir de {{name}} est nul\u00a0: il dépasse le maximum de pouvoirs par collège.",
  },
};

export default collegeRules;
