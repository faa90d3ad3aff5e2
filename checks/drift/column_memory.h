// Memory for columns of millions of values, where the drift check spends much of its time
// on a VM: every fresh page costs a fault and the kernel zeroing it (a fifth to a third of
// the check). So a column is written once and never zero-filled, and the chunks a column
// is parsed into become the column itself by moving their pages (mremap), not by copying
// them into fresh memory. Columns are not asked for in huge pages: measured on the bench
// (A/B, 9 runs each), faulting them in 2 MiB at a time cost more system time (median
// 0.85 s vs 0.49 s) and touched whole pages of the chunks left part-full. The sort's key
// buffers, reused for every column, are (AdviseHugePages): fewer TLB misses in the scatter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace mlgate::drift {

// 2 MiB or more: mapped on its own and aligned to 2 MiB (its pages can then be moved by
// ConcatenateChunks); less: malloc.
void* AllocateColumn(size_t bytes);
void FreeColumn(void* p, size_t bytes) noexcept;

// Asks for huge pages for a block from AllocateColumn that is not touched yet.
void AdviseHugePages(void* p, size_t bytes);

// New elements are left uninitialized: a column is written once, by the parser or the sort.
template <typename T>
struct UninitializedAllocator {
  using value_type = T;
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(AllocateColumn(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { FreeColumn(p, n * sizeof(T)); }
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const UninitializedAllocator<U>&) const {
    return true;
  }
};
using Values = std::vector<double, UninitializedAllocator<double>>;
// A column of decimals as integers at one scale (sorted_values.h).
using Decimals = std::vector<int32_t, UninitializedAllocator<int32_t>>;

// The values a parser gathers in fixed chunks of 2 MiB (a huge page's size and alignment, so
// a chunk moves whole if huge pages back it after all), after a few small ones.
constexpr size_t kChunkBytes = size_t{2} << 20;
constexpr size_t kFirstChunkBytes = 64;
constexpr size_t kSmallChunksBytes = size_t{64} << 10;  // all chunks below kChunkBytes together
template <typename T>
constexpr size_t kChunkValues = kChunkBytes / sizeof(T);

// Moves a full chunk's pages to `to` (2 MiB aligned), or copies them where it cannot.
void MoveChunk(void* from, void* to);

// Every value of `chunks` in `out`, which has room for them all and is 2 MiB aligned when
// that large (as AllocateColumn gives), in no particular order (the caller sorts): full
// chunks by moving their pages, the rest copied. The chunks are left empty.
template <typename T>
void ConcatenateChunks(std::vector<std::vector<T, UninitializedAllocator<T>>>& chunks, T* out) {
  size_t at = 0;
  // Full chunks first, so each lands on a 2 MiB boundary of `out`.
  for (auto& c : chunks) {
    if (c.size() != kChunkValues<T>) continue;
    MoveChunk(c.data(), out + at);
    at += c.size();
  }
  for (auto& c : chunks) {
    if (c.size() == kChunkValues<T> || c.empty()) continue;
    std::memcpy(out + at, c.data(), c.size() * sizeof(T));
    at += c.size();
  }
  chunks.clear();
}

// The same into *out, sized to hold them.
void ConcatenateChunks(std::vector<Values>& chunks, Values* out);

}  // namespace mlgate::drift
