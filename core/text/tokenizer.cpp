#include "attnlab/text/tokenizer.h"

#include <cstdint>

#include "attnlab/errors.h"

namespace attnlab {
namespace {

struct CodePoint {
    char32_t value;
    std::size_t begin;  // byte offsets into the text
    std::size_t end;
};

std::vector<CodePoint> decode_utf8(std::string_view text) {
    std::vector<CodePoint> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        int len = 0;
        char32_t cp = 0;
        if (b0 < 0x80) {
            len = 1;
            cp = b0;
        } else if ((b0 & 0xE0) == 0xC0) {
            len = 2;
            cp = b0 & 0x1F;
        } else if ((b0 & 0xF0) == 0xE0) {
            len = 3;
            cp = b0 & 0x0F;
        } else if ((b0 & 0xF8) == 0xF0) {
            len = 4;
            cp = b0 & 0x07;
        }
        bool ok = len > 0 && i + len <= text.size();
        for (int t = 1; ok && t < len; ++t) {
            const auto b = static_cast<unsigned char>(text[i + t]);
            ok = (b & 0xC0) == 0x80;
            cp = (cp << 6) | (b & 0x3F);
        }
        // Reject overlong forms, surrogates and values past U+10FFFF: they are not text.
        static const char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        ok = ok && cp >= kMinForLength[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            throw Error("sentence is not valid UTF-8 at byte " + std::to_string(i) +
                        ": allowed is UTF-8 text");
        }
        out.push_back({cp, i, i + len});
        i += len;
    }
    return out;
}

enum class Kind { kSpace, kWord, kCjk, kSymbol, kJoiner };

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

Kind classify(char32_t c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x00A0 ||
        c == 0x3000 || in(c, 0x2000, 0x200A) || c == 0x202F || c == 0x205F) {
        return Kind::kSpace;
    }
    // Attach to the previous token: joiners, variation selectors, skin tones, combining marks,
    // the keycap mark and emoji tag characters.
    if (c == 0x200D || in(c, 0xFE00, 0xFE0F) || in(c, 0x1F3FB, 0x1F3FF) || in(c, 0x0300, 0x036F) ||
        c == 0x20E3 || in(c, 0xE0020, 0xE007F)) {
        return Kind::kJoiner;
    }
    if (c < 0x80) {
        const bool alnum = in(c, '0', '9') || in(c, 'a', 'z') || in(c, 'A', 'Z') || c == '_';
        return alnum ? Kind::kWord : Kind::kSymbol;
    }
    // CJK ideographs, kana, Hangul: one character is one token.
    if (in(c, 0x4E00, 0x9FFF) || in(c, 0x3400, 0x4DBF) || in(c, 0x20000, 0x3134F) ||
        in(c, 0xF900, 0xFAFF) || in(c, 0x3040, 0x30FF) || in(c, 0xAC00, 0xD7AF) ||
        in(c, 0x31F0, 0x31FF)) {
        return Kind::kCjk;
    }
    // Punctuation and symbols: Latin-1 punctuation, general punctuation, CJK and full-width
    // punctuation, arrows, maths, dingbats, emoji and pictographs.
    if (in(c, 0x00A1, 0x00BF) || c == 0x00D7 || c == 0x00F7 || in(c, 0x2010, 0x2BFF) ||
        in(c, 0x3001, 0x303F) || in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
        in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) || in(c, 0x1F000, 0x1FAFF) ||
        in(c, 0xFE30, 0xFE4F)) {
        return Kind::kSymbol;
    }
    return Kind::kWord;  // letters of other scripts: é, ж, α, ...
}

bool is_regional_indicator(char32_t c) { return in(c, 0x1F1E6, 0x1F1FF); }

}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
    check_range("sentence length in bytes", static_cast<long long>(text.size()), 0,
                kMaxSentenceBytes);
    const std::vector<CodePoint> cps = decode_utf8(text);

    std::vector<std::string> tokens;
    auto emit = [&](std::size_t begin, std::size_t end) {
        tokens.emplace_back(text.substr(begin, end - begin));
    };

    std::size_t i = 0;
    while (i < cps.size()) {
        const Kind kind = classify(cps[i].value);
        if (kind == Kind::kSpace) {
            ++i;
            continue;
        }
        if (text.substr(cps[i].begin, kPadToken.size()) == kPadToken) {
            const std::size_t begin = cps[i].begin;
            while (i < cps.size() && cps[i].begin < begin + kPadToken.size()) ++i;
            emit(begin, begin + kPadToken.size());
            continue;
        }
        const std::size_t begin = cps[i].begin;
        std::size_t j = i + 1;
        if (kind == Kind::kWord) {
            // A word runs over letters and digits, and over ' or - between two of them.
            while (j < cps.size()) {
                const Kind next = classify(cps[j].value);
                if (next == Kind::kWord || next == Kind::kJoiner) {
                    ++j;
                } else if ((cps[j].value == '\'' || cps[j].value == '-' ||
                            cps[j].value == 0x2019) &&
                           j + 1 < cps.size() && classify(cps[j + 1].value) == Kind::kWord) {
                    j += 2;
                } else {
                    break;
                }
            }
        } else if (kind == Kind::kSymbol || kind == Kind::kCjk || kind == Kind::kJoiner) {
            if (is_regional_indicator(cps[i].value) && j < cps.size() &&
                is_regional_indicator(cps[j].value)) {
                ++j;  // two regional indicators make one flag
            }
            // Modifiers and zero-width joins keep an emoji sequence whole. A joiner never
            // pulls whitespace into the token (found by fuzz_tokenizer: "👨\u200d x").
            while (j < cps.size()) {
                if (cps[j].value == 0x200D && j + 1 < cps.size() &&
                    classify(cps[j + 1].value) != Kind::kSpace) {
                    j += 2;
                } else if (classify(cps[j].value) == Kind::kJoiner) {
                    ++j;
                } else {
                    break;
                }
            }
        }
        emit(begin, cps[j - 1].end);
        i = j;
    }
    // Counted to the end (the byte limit bounds the work) so the message can name the count.
    if (static_cast<int>(tokens.size()) > kMaxTokens) {
        throw Error("too_large",
                    "sentence has " + std::to_string(tokens.size()) + " tokens: allowed 1.." +
                        std::to_string(kMaxTokens) + " tokens",
                    {{"what", "tokens"},
                     {"value", std::to_string(tokens.size())},
                     {"max", std::to_string(kMaxTokens)}});
    }
    if (tokens.empty()) {
        throw Error("out_of_range",
                    "sentence is empty: allowed 1.." + std::to_string(kMaxTokens) + " tokens",
                    {{"what", "tokens"},
                     {"value", "0"},
                     {"min", "1"},
                     {"max", std::to_string(kMaxTokens)}});
    }
    return tokens;
}

}  // namespace attnlab
