// Stands in for the widget while its wasm core cannot load (the file missing,
// blocked by a Content-Security-Policy or a content blocker, or broken). Each
// open tries the core again; if it still fails, the reader gets a dialog
// saying the form is unavailable instead of a button that does nothing. The
// draft and the outbox stay in storage untouched, ready for a later open.

// The notice speaks the catalog the loader fetched when that one loaded (the
// usual case: the core is what failed), else English, bundled in so that the
// notice needs no download when downloads are what fails. Its own two
// strings live here, in every language, so that the catalogs the widget
// downloads on open do not carry them.
import { messagesFor } from './messages.mjs';
import en from './messages-en.mjs';
import { paint } from './ui-scheme.mjs';
import { buildDialog, mountDialog, showStep } from './ui-dialog.mjs';

const NOTICE = {
  ar: ['النموذج غير متاح', 'تعذّر تحميل نموذج الإبلاغ عن الأخطاء. حاول مرة أخرى بعد قليل: إن كنت قد بدأت بلاغًا، فهو محفوظ.'],
  de: ['Formular nicht verfügbar', 'Das Formular für Fehlermeldungen konnte nicht geladen werden. Bitte versuchen Sie es gleich noch einmal: Eine begonnene Meldung bleibt erhalten.'],
  en: ['Form unavailable', 'The error report form could not be loaded. Please try again in a moment: if you had started a report, it is kept.'],
  es: ['Formulario no disponible', 'No se ha podido cargar el formulario para informar de errores. Vuelve a intentarlo dentro de un momento: si habías empezado un informe, se conserva.'],
  fr: [
    'Formulaire indisponible',
    'Le formulaire de signalement n’a pas pu se charger. Réessayez dans un moment\u00a0: si vous aviez commencé un signalement, il est conservé.',
  ],
  it: ['Modulo non disponibile', 'Non è stato possibile caricare il modulo per le segnalazioni. Riprova tra un momento: se avevi iniziato una segnalazione, è stata conservata.'],
  ja: ['フォームを利用できません', '誤りの報告フォームを読み込めませんでした。しばらくしてからもう一度お試しください。作成途中の報告は保存されています。'],
  nl: ['Formulier niet beschikbaar', 'Het formulier om fouten te melden kon niet worden geladen. Probeer het zo opnieuw: een begonnen melding blijft bewaard.'],
  pl: ['Formularz niedostępny', 'Nie udało się wczytać formularza zgłaszania błędów. Spróbuj ponownie za chwilę: rozpoczęte zgłoszenie zostało zachowane.'],
  pt: ['Formulário indisponível', 'Não foi possível carregar o formulário para comunicar erros. Tente novamente daqui a pouco: se você tinha começado um relato, ele foi guardado.'],
};

/**
 * @param {{config: object, uiLang: string, catalog: object|null, load: () => Promise<object|null>}} options
 *        uiLang and catalog: the interface language and its UI strings, null
 *        when they could not load; load: makes the real widget; rejects while
 *        the core cannot load, resolves to null for an invalid configuration
 *        (already reported)
 */
export function unavailableWidget({ config, uiLang, catalog, load }) {
  const code = catalog ? uiLang : 'en';
  const [unavailableTitle, unavailableText] = NOTICE[code];
  const t = messagesFor(code, { ...(catalog || en), unavailableTitle, unavailableText }, config.messages);
  let real; // the real widget once the core loads; null: disabled by its configuration
  let trying = null;
  let notice = null;

  const showNotice = async (returnFocus) => {
    if (!notice) {
      const ui = buildDialog({ t, contactUrl: config.contactUrl, contact: config.contact });
      ui.doneTitle.textContent = t('unavailableTitle');
      ui.doneText.textContent = t('unavailableText');
      ui.form.querySelector('.intro').hidden = true;
      showStep(ui, t, 'done');
      // The warning stays, as on step 1 (widget.css): its contact link is the reader's way left.
      ui.form.dataset.current = 1;
      ui.form.addEventListener('submit', (event) => {
        event.preventDefault();
        ui.dialog.close();
      });
      ui.close.addEventListener('click', () => ui.dialog.close());
      ui.dialog.addEventListener('close', () => notice.returnFocus?.focus());
      const { host, styled } = mountDialog(ui.dialog);
      notice = { host, ui, returnFocus: null };
      await styled;
    }
    notice.returnFocus = returnFocus;
    paint(notice.host, config.colorScheme || 'auto'); // unchecked by the core: anything but light or dark is light
    if (!notice.ui.dialog.open) notice.ui.dialog.showModal();
    notice.ui.doneTitle.focus();
  };

  const dropNotice = () => {
    notice?.ui.dialog.close();
    notice?.host.remove();
    notice = null;
  };

  return {
    unavailable: true,
    async open(options = {}) {
      if (real !== undefined) return real?.open(options);
      if (notice?.ui.dialog.open) return;
      trying ??= load().then(
        (widget) => {
          real = widget;
          dropNotice();
        },
        () => {}, // reported by load(); the notice says it
      );
      await trying;
      trying = null;
      if (real !== undefined) return real?.open(options);
      await showNotice(options.returnFocus);
    },
    close() {
      if (real) real.close();
      else notice?.ui.dialog.close();
    },
    destroy() {
      real?.destroy();
      dropNotice();
    },
  };
}
