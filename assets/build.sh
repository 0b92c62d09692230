#!/usr/bin/env bash
# Rebuild the committed GOV.UK Frontend assets for CoProduce.
# Usage: bash assets/build.sh   (from anywhere)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

OUT_DIR="../coproduce/static/govuk"

if [ ! -d node_modules ]; then
  npm ci
fi

mkdir -p "$OUT_DIR"

npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  coproduce.scss "$OUT_DIR/coproduce.css"

cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$OUT_DIR/govuk-frontend.min.js"

cp node_modules/htmx.org/dist/htmx.min.js "$OUT_DIR/htmx.min.js"

echo "Built $OUT_DIR/coproduce.css and copied govuk-frontend.min.js and htmx.min.js"
