// Fuzz target: any bytes -> tokenize. Allowed failure: attnlab::Error (invalid UTF-8, too long,
// empty, too many tokens). On success the tokens must satisfy what tokenizer.h promises:
// 1..kMaxTokens of them, none empty, none holding ASCII whitespace (it separates tokens and is
// dropped), each a piece of the text, in order and without overlap.
// Seeds: corpus/tokenizer (English, Chinese, emoji sequences, <pad>, bad UTF-8, limits).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attnlab/limits.h"
#include "attnlab/text/tokenizer.h"
#include "fuzz_common.h"

using namespace attnlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> tokens;
    if (!fuzz::accepts([&] { tokens = tokenize(text); })) return 0;
    if (tokens.empty()) fuzz::fail("tokenize returned no tokens instead of throwing");
    if (tokens.size() > static_cast<std::size_t>(kMaxTokens)) {
        fuzz::fail("tokenize returned " + std::to_string(tokens.size()) + " tokens, over " +
                   std::to_string(kMaxTokens));
    }
    std::size_t from = 0;
    for (const std::string& token : tokens) {
        if (token.empty()) fuzz::fail("tokenize returned an empty token");
        if (token.find_first_of(" \t\n\r\f\v") != std::string::npos) {
            fuzz::fail("token '" + token + "' holds ASCII whitespace");
        }
        const std::size_t at = text.find(token, from);
        if (at == std::string_view::npos) {
            fuzz::fail("token '" + token + "' is not a piece of the text after offset " +
                       std::to_string(from));
        }
        from = at + token.size();
    }
    return 0;
}
