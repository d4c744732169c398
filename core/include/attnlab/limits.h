// limits.h: every size limit of the lab, stated once. The core checks against these before it
// allocates; the wasm modules export them (`limits()` in each module) and the JS facade
// re-exports that object, so no page or widget keeps a copy.
//
// Why these numbers: a widget draws (n, n) matrices that stay readable on a phone up to 64
// tokens; the models are teaching models that must build and train in a browser tab in
// seconds; every product is computed in 64 bits before any allocation (a 32-bit size_t in
// wasm overflows at 65536 x 65536).
#pragma once

namespace attnlab {

/// The most tokens one sentence may have: every lesson widget draws an (n, n) matrix, and 64
/// rows is the most that stays readable on a phone.
constexpr int kMaxTokens = 64;
/// The most bytes of UTF-8 a sentence may have before it is tokenized.
constexpr int kMaxSentenceBytes = 4096;
/// The most positions any positional table (and so any sequence) may hold.
constexpr int kMaxPositions = 4096;
/// The most d_model or d_k a lesson widget may ask for (a wider head only blurs the pictures).
constexpr int kMaxLessonWidth = 256;
/// The most positions a lesson's positional-encoding picture may show: its (n, n) similarity
/// costs n^2 d_model multiply-adds.
constexpr int kMaxLessonPositions = 512;

/// Model sizes, for every model the lab builds: seeded, loaded from a weights file, or trained.
constexpr int kMaxDModel = 256;
constexpr int kMaxDFF = 1024;
constexpr int kMaxLayers = 6;
constexpr int kMaxVocab = 65536;
/// The most parameters (floats) one model may hold: 16 MiB of weights. Training keeps about
/// five copies (weights, gradients, Adam m and v, the last good weights).
constexpr long long kMaxModelParams = 1LL << 22;

/// The most elements one tensor handed in from outside may hold (4 MiB of f32), and the most
/// cells of one mask or attention matrix (n_q * n_k).
constexpr long long kMaxTensorElements = 1LL << 20;
constexpr long long kMaxMaskCells = 1LL << 20;

/// The most multiply-adds (or, for elementwise work, element updates) one call may do before
/// it is refused: about a tenth of a second of SIMD work, so no slider drag freezes a page.
constexpr long long kMaxWorkPerCall = 400'000'000LL;

/// The largest seed any entry point accepts (seeds are 0..kMaxSeed): the core's Rng takes a
/// 32-bit unsigned seed.
constexpr long long kMaxSeed = 4294967295LL;

/// The deepest nesting a JSON document (weights file, checkpoint) may have.
constexpr int kMaxJsonDepth = 32;
/// The largest weights file or checkpoint, in bytes of JSON text.
constexpr long long kMaxFileBytes = 64LL << 20;

}  // namespace attnlab
