# Sourced by the installed-wheel checks. toolless_path WORK [EXTRA_NAMES_REGEX]
# prints a PATH like $PATH but with no Go, C compiler or zig (and no EXTRA names):
# each PATH folder holding one of them is replaced by a folder of links (under
# WORK) to everything else it holds. The caller checks with `command -v`.
toolless_path() {
    local work="$1" extra="${2:-}"
    local banned='go|gofmt|gcc|cc|c89|c99|c\+\+|g\+\+|cpp|clang|clang\+\+|zig|tcc|(.*-)?gcc(-[0-9.]+)?|(.*-)?g\+\+(-[0-9.]+)?'
    [ -z "$extra" ] || banned="$banned|$extra"
    banned="^($banned)\$"
    local newpath="" i=0 d farm f name
    local -a dirs
    IFS=: read -r -a dirs <<< "$PATH"
    for d in "${dirs[@]}"; do
        [ -d "$d" ] || continue
        if ls -1 "$d" | grep -E "$banned" >/dev/null; then  # not -q: an early exit would SIGPIPE ls (pipefail)
            i=$((i + 1)); farm="$work/path$i"; mkdir -p "$farm"
            for f in "$d"/*; do
                name="${f##*/}"
                [[ "$name" =~ $banned ]] || ln -s "$f" "$farm/$name"
            done
            d="$farm"
        fi
        newpath="${newpath:+$newpath:}$d"
    done
    echo "$newpath"
}
