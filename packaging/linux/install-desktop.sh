#!/usr/bin/env bash
# Put the built app (dist/palmyra-archive, from `make package`) in the desktop's app menu,
# for this user only; no root needed. Run it again to update; --uninstall removes it all.
#
#   packaging/linux/install-desktop.sh [--uninstall] [DIST_DIR]
#
# Installs into $PREFIX (default ~/.local): the app folder in lib/palmyra-archive, a link in
# bin/, the desktop entry (Exec pointing at that link), AppStream metainfo and the icons into
# the hicolor theme. The archive itself is never touched (it lives in the platformdirs data dir).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${PREFIX:-$HOME/.local}
app_id=org.palmyra.Archive
uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi
dist=${1:-$root/dist/palmyra-archive}

targets=("$prefix/lib/palmyra-archive" "$prefix/bin/palmyra-archive"
         "$prefix/share/applications/$app_id.desktop" "$prefix/share/metainfo/$app_id.metainfo.xml"
         "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg")
for size in 16 24 32 48 64 128 256 512; do
  targets+=("$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done

if [ "$uninstall" = 1 ]; then
  rm -rf "${targets[@]}"
  echo "Removed Palmyra Archive from $prefix (your archives were left where they are)."
  exit 0
fi

[ -x "$dist/palmyra-archive" ] || { echo "No built app in $dist: run 'make package' first." >&2; exit 1; }
rm -rf "$prefix/lib/palmyra-archive"
mkdir -p "$prefix/lib" "$prefix/bin"
cp -a "$dist" "$prefix/lib/palmyra-archive"
ln -sfn "$prefix/lib/palmyra-archive/palmyra-archive" "$prefix/bin/palmyra-archive"
install -Dm644 "$here/$app_id.metainfo.xml" "$prefix/share/metainfo/$app_id.metainfo.xml"
install -Dm644 "$root/resources/icons/app/$app_id.svg" "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 24 32 48 64 128 256 512; do
  install -Dm644 "$root/resources/icons/app/$app_id-$size.png" \
    "$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
# ~/.local/bin is not on every desktop session's PATH: point Exec at the link itself.
mkdir -p "$prefix/share/applications"
sed -e "s|^Exec=palmyra-archive|Exec=$prefix/bin/palmyra-archive|" \
    -e "s|^TryExec=palmyra-archive|TryExec=$prefix/bin/palmyra-archive|" \
    "$here/$app_id.desktop" > "$prefix/share/applications/$app_id.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "Installed Palmyra Archive in $prefix: find it in your applications menu, or run $prefix/bin/palmyra-archive"
