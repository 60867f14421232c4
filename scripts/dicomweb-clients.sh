#!/usr/bin/env bash
# Installs the DICOMweb clients the tests drive into $1 (default target/dicomweb-node):
#   node_modules/dicomweb-client, node_modules/xhr2  (DicomWebClientTest)
#   ohif/package/dist                                 (OhifViewerTest: the built OHIF Viewer)
# @ohif/app's own dependency tree does not resolve on npm, and only its built site is needed, so
# the package tarball is fetched with `npm pack` and unpacked. Fails loudly when npm is missing.
set -euo pipefail
dir="${1:-target/dicomweb-node}"
DICOMWEB_CLIENT=0.11.3
XHR2=0.2.1
OHIF_APP=3.13.2
command -v npm >/dev/null 2>&1 || { echo "dicomweb-clients.sh: npm is required" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
[[ -f package.json ]] || echo '{"name":"lightbox-dicomweb-tests","private":true}' > package.json
if [[ ! -d node_modules/dicomweb-client || ! -d node_modules/xhr2 ]]; then
  npm install --no-audit --no-fund --ignore-scripts "dicomweb-client@$DICOMWEB_CLIENT" "xhr2@$XHR2" >&2
fi
if [[ ! -f ohif/package/dist/index.html ]]; then
  rm -rf ohif && mkdir -p ohif
  npm pack --silent "@ohif/app@$OHIF_APP" >/dev/null
  tar -xzf "ohif-app-$OHIF_APP.tgz" -C ohif
  rm -f "ohif-app-$OHIF_APP.tgz"
fi
[[ -f ohif/package/dist/index.html ]] || { echo "dicomweb-clients.sh: OHIF dist/ missing" >&2; exit 1; }
