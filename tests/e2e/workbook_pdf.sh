#!/usr/bin/env bash
# The samples' workbook printed: LibreOffice converts it to PDF and the
# page count stays within a few dozen (178 portrait pages before every
# sheet was set up for paper; 32 before the By account sheet, which adds
# about 15: the samples book some 620 account x tax type x month rows;
# issue 12's Completeness and Coverage sheets and the orders export's every
# gateway took main to 40 without it: 62 with both). Skipped (77) where LibreOffice is not
# installed: CI does not install it (Debian: libreoffice-calc-nogui).
. "$(dirname "$0")/lib.sh"
cd "$T"
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
	echo "LibreOffice is not installed: skipped"
	exit 77
fi
"$LL" plan -q --state s.db --report audit.xlsx "$SRC/samples" 2> /dev/null
[ -s audit.xlsx ] && ok || bad "no workbook"
# a profile of its own, so a LibreOffice already running is not asked
HOME="$T" timeout 120 "$SOFFICE" --headless -env:UserInstallation=file://"$T"/lo \
	--convert-to pdf --outdir "$T" audit.xlsx > lo.txt 2>&1
[ -s audit.pdf ] && ok || bad "no PDF: $(cat lo.txt)"
pages=$("$PY" -c '
import re, sys
print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' audit.pdf)
echo "the samples' workbook prints in $pages pages"
[ "$pages" -ge 10 ] && [ "$pages" -le 70 ] && ok || bad "$pages pages, expected 10 to 70"
finish
