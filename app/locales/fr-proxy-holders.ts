// French texts of the "proxyHolders" namespace: proxies to a person outside the members (issue 15).
const proxyHolders = {
  intro: {
    spouse: "Les statuts permettent aussi de donner pouvoir à votre conjoint ou partenaire de PACS, même s’il n’est pas membre. Il votera en séance, après émargement.",
    anyone: "Les statuts permettent aussi de donner pouvoir à une personne qui n’est pas membre. Elle votera en séance, après émargement.",
  },
  name: "Nom et prénom du mandataire",
  nameHint: "Tel qu’il figure sur sa pièce d’identité\u00a0: le secrétariat le vérifiera à l’entrée.",
  relation: "Lien avec le mandant",
  relations: { spouse: "conjoint ou partenaire de PACS", other: "autre personne" },
  give: "Donner pouvoir à cette personne",
  outsiderOption: "Une personne extérieure (nom ci-dessous)",
  checkedIn: "émargé·e",
  checkIn: "Émarger",
  checkOut: "Annuler l’émargement",
  checkInLabel: "Émarger {{name}}, mandataire extérieur",
  checkOutLabel: "Annuler l’émargement de {{name}}",
  checkedInFlash: "{{name}} est émargé·e\u00a0: le pouvoir de {{principal}} compte.",
  checkedOutFlash: "Émargement de {{name}} annulé.",
  errors: {
    notAllowed: {
      members: "Les statuts de cette séance n’admettent que des membres comme mandataires.",
      spouse: "Les statuts de cette séance n’admettent, hors des membres, que le conjoint ou partenaire de PACS du mandant.",
      anyone: "Ce mandataire n’est pas admis.",
    },
  },
};

export default proxyHolders;
