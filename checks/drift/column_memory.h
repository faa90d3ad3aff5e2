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

// The values a parser gathers in fixed chunks of 2 MiB (a huge page's size and alignment, so
// a chunk moves whole if huge pages back it after all).
constexpr size_t kChunkValues = size_t{1} << 18;
constexpr size_t kFirstChunkValues = size_t{1} << 12;

// Every value of `chunks` in one array *out, in no particular order (the caller sorts):
// full chunks by moving their pages, the rest copied. The chunks are left empty.
void ConcatenateChunks(std::vector<Values>& chunks, Values* out);

}  // namespace mlgate::drift
