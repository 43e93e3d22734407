/* Erratum classic loader: <script src="…/erratum.js" data-endpoint="…" defer></script>
   mounts erratum.mjs (next to this file) with this tag's data-* attributes. */
(function (s) {
  if (s && s.src)
    import(new URL('erratum.mjs', s.src).href).then(
      function (m) { m.mount({}, s); },
      function (e) { console.error('[Erratum] Could not load:', e); }
    );
})(document.currentScript);
