#!/usr/bin/env bash
# install.sh: build petridish, install the binary and register the Jupyter
# kernel "Go (petridish)".
#
#   ./install.sh                       binary in ~/.local/bin, kernel for this user
#   ./install.sh --sys-prefix          kernel in the active Python environment
#   ./install.sh --prefix /usr/local   binary in /usr/local/bin, kernel in /usr/local/share/jupyter
#   BIN=/opt/bin ./install.sh          choose where the binary goes
#
# The flags (--user | --sys-prefix | --prefix DIR, --name NAME,
# --display-name NAME) are those of `petridish install`.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
	echo "install.sh: Go is not on PATH; install Go 1.26 or later (https://go.dev/dl/)" >&2
	exit 1
fi

prefix=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[$i]}" in
	--prefix) prefix="${args[$((i + 1))]:-}" ;;
	--prefix=*) prefix="${args[$i]#--prefix=}" ;;
	-h | --help)
		sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	esac
done
if [ -n "${BIN:-}" ]; then
	bin="$BIN"
elif [ -n "$prefix" ]; then
	bin="$prefix/bin"
else
	bin="$HOME/.local/bin"
fi
mkdir -p "$bin"
bin="$(cd "$bin" && pwd)"

echo "building petridish into $bin ..."
go build -o "$bin/.petridish.new" .
mv -f "$bin/.petridish.new" "$bin/petridish"

"$bin/petridish" install "$@"
version="$("$bin/petridish" version)"
echo "${version%%$'\n'*}"

case ":$PATH:" in
*":$bin:"*) ;;
*) echo "note: $bin is not on your PATH; add it to run petridish by name (the kernel itself does not need it)" ;;
esac
if command -v jupyter >/dev/null 2>&1; then
	echo "Jupyter sees these kernels:"
	jupyter kernelspec list 2>/dev/null | sed 's/^/  /' || true
fi
