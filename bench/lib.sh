# What the bench scripts share: the machine line every figure is reported with, and the
# timer. Sourced after the script sets `runs` and `data`.

# Prints "median_seconds peak_rss_kib" of `runs` runs of the command (its output goes to
# $data/out.txt, kept for a look when a figure is odd).
measure() {
  local results=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" >"$data/out.txt" 2>&1 || true
    results+=("$(tail -1 "$data/time.txt")")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

machine_line() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
}
