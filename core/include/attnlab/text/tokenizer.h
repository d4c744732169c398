// tokenizer.h: a learner's sentence to tokens, in English, Chinese, or both mixed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attnlab/limits.h"

namespace attnlab {

/// The padding token: typed literally, it marks a padding position for the padding mask.
constexpr std::string_view kPadToken = "<pad>";

/// Splits UTF-8 text into tokens:
/// - words of letters and digits (any script but the ones below), with inner apostrophes
///   ("don't") and hyphens ("self-attention") kept inside the word;
/// - every other punctuation mark or symbol on its own;
/// - one token per Chinese, Japanese or Korean character, so Chinese input never shows a broken
///   byte fragment;
/// - an emoji with its modifiers, variation selectors and zero-width-joined parts as one token
///   (a family emoji or a flag is one token);
/// - the literal text `<pad>` as the padding token.
/// Whitespace separates tokens and is dropped.
/// Throws Error for invalid UTF-8 (naming the byte offset), text over kMaxSentenceBytes, no
/// tokens ("sentence is empty"), or more than kMaxTokens tokens (naming the count).
std::vector<std::string> tokenize(std::string_view text);

}  // namespace attnlab
