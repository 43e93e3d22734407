// Stands in for the widget while its wasm core cannot load (the file missing,
// blocked by a Content-Security-Policy or a content blocker, or broken). Each
// open tries the core again; if it still fails, the reader gets a dialog
// saying the form is unavailable instead of a button that does nothing. The
// draft and the outbox stay in storage untouched, ready for a later open.

// Both catalogs are bundled in (the notice must not need a download when
// downloads are what fails), and the notice's own strings live here, so that
// the catalogs the widget downloads on open do not carry them.
import { uiLanguage } from './language.mjs';
import { messagesFor } from './messages.mjs';
import fr from './messages-fr.mjs';
import en from './messages-en.mjs';
import { buildDialog, mountDialog, showStep } from './ui-dialog.mjs';

const CATALOGS = {
  fr: {
    ...fr,
    unavailableTitle: 'Formulaire indisponible',
    unavailableText:
      'Le formulaire de signalement n’a pas pu se charger. Réessayez dans un moment\u00a0: si vous aviez commencé un signalement, il est conservé.',
  },
  en: {
    ...en,
    unavailableTitle: 'Form unavailable',
    unavailableText: 'The error report form could not be loaded. Please try again in a moment: if you had started a report, it is kept.',
  },
};

/**
 * @param {{config: object, lang: string, load: () => Promise<object|null>}} options
 *        load: makes the real widget; rejects while the core cannot load,
 *        resolves to null for an invalid configuration (already reported)
 */
export function unavailableWidget({ config, lang, load }) {
  const t = messagesFor(uiLanguage(lang), CATALOGS[uiLanguage(lang)], config.messages);
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
