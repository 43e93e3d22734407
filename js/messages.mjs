// Every string of the dialog, in French and English. Validation messages are
// not here: the core returns them already localized. The trigger's label
// ("trigger") lives in widget-trigger.mjs so that the page loads only the loader
// before the reader opens the dialog. Placeholders are {name}; any key can be
// overridden with config.messages.

const fr = {
  title: 'Une erreur dans le texte\u00a0?',
  intro: "C'est le bon endroit pour nous l'indiquer\u00a0!",
  warning:
    "Attention, ce formulaire ne doit servir qu'à signaler une erreur. N'hésitez pas à utiliser {contact} pour nous contacter ou nous faire part de vos suggestions. Merci.",
  contactLink: 'la page de contact',
  close: 'Fermer',
  stepOf: 'Étape {step} sur {total}',
  step1Title: 'Cliquez sur les paragraphes contenant des erreurs\u00a0!',
  step1Hint: 'Flèches haut et bas pour parcourir la liste, Espace ou Entrée pour choisir un paragraphe.',
  counter_one: '{count}\u00a0paragraphe sélectionné',
  counter_other: '{count}\u00a0paragraphes sélectionnés',
  loading: 'Chargement…',
  emptyArticle: "Aucun paragraphe à signaler n'a été trouvé sur cette page.",
  kind_title: 'Titre',
  kind_heading: 'Intertitre',
  kind_paragraph: 'Paragraphe',
  kind_quote: 'Citation',
  kind_listItem: 'Élément de liste',
  kind_caption: 'Légende',
  kind_media: 'Média',
  step2Title: 'Corrigez le texte',
  step2Hint: "Modifiez le texte directement, ou décrivez l'erreur dans le commentaire.",
  itemLegend: '{kind} n°\u00a0{number}',
  quote: 'Passage sélectionné\u00a0: «\u00a0{quote}\u00a0»',
  corrected: 'Texte corrigé',
  comment: 'Commentaire (facultatif)',
  errorType: "Type d'erreur",
  errorType_typo: 'Faute de frappe',
  errorType_grammar: "Grammaire ou orthographe",
  errorType_fact: 'Erreur factuelle',
  errorType_other: 'Autre',
  preview: 'Aperçu des modifications',
  previewNone: 'Le texte n’est pas modifié.',
  inserted: 'inséré\u00a0: ',
  deleted: 'supprimé\u00a0: ',
  step3Title: 'Vos coordonnées',
  step3Optional: 'Facultatif\u00a0: indiquez-les si vous acceptez que la rédaction vous réponde.',
  step3Required: 'La rédaction en a besoin pour vous répondre.',
  step3OffTitle: 'Envoyer le signalement',
  step3Off: 'Vérifiez vos corrections, puis envoyez.',
  name: 'Nom',
  email: 'Adresse e-mail',
  optional: '{label} (facultatif)',
  honeypot: 'Ne pas remplir ce champ',
  back: 'Précédent',
  next: 'Suivant',
  send: 'Envoyer',
  sending: 'Envoi en cours…',
  summaryTitle: 'Il y a un problème',
  errorPrefix: 'Erreur\u00a0: ',
  thanksTitle: 'Merci\u00a0!',
  thanksText: 'Votre signalement a bien été reçu. La rédaction va l’examiner.',
  queuedTitle: 'Signalement enregistré',
  queuedText: 'Le serveur est injoignable pour le moment : votre signalement est enregistré sur cet appareil et sera envoyé dès que possible.',
  failedTitle: "L'envoi a échoué",
  failedText: 'Rien n’est perdu\u00a0: vos corrections sont conservées. Réessayez dans un moment.',
  failed_timeout: 'Le serveur n’a pas répondu à temps.',
  failed_network: 'Le serveur est injoignable.',
  failed_http: 'Le serveur a répondu par une erreur ({status}).',
  failed_hook: "Le site n'a pas pu transmettre le signalement.",
  rejected: 'Le serveur a refusé le signalement.',
  cancelled: "L'envoi a été annulé.",
  unavailable: 'Le formulaire de signalement est indisponible pour le moment.',
  unavailableTitle: 'Formulaire indisponible',
  unavailableText:
    'Le formulaire de signalement n’a pas pu se charger. Réessayez dans un moment\u00a0: si vous aviez commencé un signalement, il est conservé.',
  paragraphTooLong:
    'Ce paragraphe est trop long pour être signalé avec ce formulaire ({length}\u00a0caractères, {max} au maximum)\u00a0: désélectionnez-le.',
};

const en = {
  title: 'Found an error in the text?',
  intro: 'This is the right place to tell us!',
  warning:
    'Please note: this form is only for reporting errors. Feel free to use {contact} to get in touch with us or to share your suggestions. Thank you.',
  contactLink: 'the contact page',
  close: 'Close',
  stepOf: 'Step {step} of {total}',
  step1Title: 'Click the paragraphs that contain errors!',
  step1Hint: 'Up and down arrows to move through the list, Space or Enter to pick a paragraph.',
  counter_one: '{count} paragraph selected',
  counter_other: '{count} paragraphs selected',
  loading: 'Loading…',
  emptyArticle: 'No paragraph to report was found on this page.',
  kind_title: 'Title',
  kind_heading: 'Heading',
  kind_paragraph: 'Paragraph',
  kind_quote: 'Quote',
  kind_listItem: 'List item',
  kind_caption: 'Caption',
  kind_media: 'Media',
  step2Title: 'Correct the text',
  step2Hint: 'Edit the text directly, or describe the error in the comment.',
  itemLegend: '{kind} #{number}',
  quote: 'Selected passage: “{quote}”',
  corrected: 'Corrected text',
  comment: 'Comment (optional)',
  errorType: 'Type of error',
  errorType_typo: 'Typo',
  errorType_grammar: 'Grammar or spelling',
  errorType_fact: 'Factual error',
  errorType_other: 'Other',
  preview: 'Preview of your changes',
  previewNone: 'The text is unchanged.',
  inserted: 'inserted: ',
  deleted: 'deleted: ',
  step3Title: 'Your details',
  step3Optional: 'Optional: leave them if the editors may reply to you.',
  step3Required: 'The editors need them to reply to you.',
  step3OffTitle: 'Send the report',
  step3Off: 'Check your corrections, then send.',
  name: 'Name',
  email: 'Email address',
  optional: '{label} (optional)',
  honeypot: 'Leave this field empty',
  back: 'Back',
  next: 'Next',
  send: 'Send',
  sending: 'Sending…',
  summaryTitle: 'There is a problem',
  errorPrefix: 'Error: ',
  thanksTitle: 'Thank you!',
  thanksText: 'Your report has been received. The editors will review it.',
  queuedTitle: 'Report saved',
  queuedText: 'The server cannot be reached right now: your report is saved on this device and will be sent as soon as possible.',
  failedTitle: 'Sending failed',
  failedText: 'Nothing is lost: your corrections are kept. Please try again in a moment.',
  failed_timeout: 'The server did not answer in time.',
  failed_network: 'The server cannot be reached.',
  failed_http: 'The server answered with an error ({status}).',
  failed_hook: 'The site could not pass the report on.',
  rejected: 'The server refused the report.',
  cancelled: 'Sending was cancelled.',
  unavailable: 'The error report form is unavailable right now.',
  unavailableTitle: 'Form unavailable',
  unavailableText: 'The error report form could not be loaded. Please try again in a moment: if you had started a report, it is kept.',
  paragraphTooLong: 'This paragraph is too long to be reported with this form ({length} characters, {max} at most): deselect it.',
};

export const CATALOGS = { fr, en };

/** 'fr' for any French tag (fr, fr-CA, FR_be), else 'en'. */
export function uiLanguage(tag) {
  return /^fr(?:$|[-_])/i.test(String(tag || '')) ? 'fr' : 'en';
}

/**
 * The strings for a language with the site's overrides ({key: text}) applied.
 * @returns {(key: string, params?: object) => string}
 */
export function messagesFor(lang, overrides = {}) {
  const code = uiLanguage(lang);
  const table = { ...CATALOGS[code] };
  for (const [key, value] of Object.entries(overrides || {})) {
    if (typeof value === 'string') table[key] = value;
  }
  const plural = new Intl.PluralRules(code);
  const t = (key, params = {}) => {
    const text = table[key] ?? CATALOGS.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
  t.count = (key, count) => t(`${key}_${plural.select(count) === 'one' ? 'one' : 'other'}`, { count });
  t.lang = code;
  return t;
}
