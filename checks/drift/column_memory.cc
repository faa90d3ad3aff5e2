#include "checks/drift/column_memory.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace mlgate::drift {

namespace {

constexpr size_t kHugePage = size_t{2} << 20;

size_t RoundedToHugePages(size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

// Moves the pages of [from, from + bytes) to `to` (both 2 MiB aligned), leaving `from`
// mapped and empty so that its owner frees it as usual. False where the kernel cannot
// (not Linux, or older than 5.7): the caller copies.
bool MovePages(void* from, void* to, size_t bytes) {
#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
  return ::mremap(from, bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, to) != MAP_FAILED;
#else
  (void)from, (void)to, (void)bytes;
  return false;
#endif
}

}  // namespace

void* AllocateColumn(size_t bytes) {
  if (bytes < kHugePage) {
    void* p = std::malloc(bytes ? bytes : 1);
    if (!p) throw std::bad_alloc();
    return p;
  }
  // Mapped with a huge page of slack, then trimmed to the aligned part.
  size_t rounded = RoundedToHugePages(bytes);
  void* mapped = ::mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<uintptr_t>(mapped);
  uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) ::munmap(mapped, aligned - start);
  // Addresses as integers to align them: what mmap returns is a mapping, not an object.
  if (size_t tail = start + kHugePage - aligned) ::munmap(reinterpret_cast<void*>(aligned + rounded), tail);  // NOLINT(performance-no-int-to-ptr)
  return reinterpret_cast<void*>(aligned);  // NOLINT(performance-no-int-to-ptr)
}

void AdviseHugePages(void* p, size_t bytes) {
  if (p && bytes >= kHugePage) ::madvise(p, RoundedToHugePages(bytes), MADV_HUGEPAGE);
}

void FreeColumn(void* p, size_t bytes) noexcept {
  if (!p) return;
  if (bytes < kHugePage) {
    std::free(p);
    return;
  }
  ::munmap(p, RoundedToHugePages(bytes));
}

void MoveChunk(void* from, void* to) {
  if (!MovePages(from, to, kChunkBytes)) std::memcpy(to, from, kChunkBytes);
}

void ConcatenateChunks(std::vector<Values>& chunks, Values* out) {
  size_t n = 0;
  for (const auto& c : chunks) n += c.size();
  out->clear();
  out->shrink_to_fit();
  out->resize(n);  // mapped, not touched: the moved pages take its place
  ConcatenateChunks(chunks, out->data());
}

}  // namespace mlgate::drift
