#include <catch2/catch.hpp>

#include "attnlab/errors.h"
#include "attnlab/text/tokenizer.h"

using attnlab::tokenize;
using Tokens = std::vector<std::string>;

TEST_CASE("English: words and punctuation", "[tokenizer]") {
    REQUIRE(tokenize("robot must obey orders") == Tokens{"robot", "must", "obey", "orders"});
    REQUIRE(tokenize("  I saw a saw.  ") == Tokens{"I", "saw", "a", "saw", "."});
    REQUIRE(tokenize("Don't stop, self-attention!") ==
            Tokens{"Don't", "stop", ",", "self-attention", "!"});
    REQUIRE(tokenize("a--b 'quoted'") == Tokens{"a", "-", "-", "b", "'", "quoted", "'"});
    REQUIRE(tokenize("café naïve 3.14") == Tokens{"café", "naïve", "3", ".", "14"});
}

TEST_CASE("Chinese: one token per character, never a byte fragment", "[tokenizer]") {
    REQUIRE(tokenize("我看见一把锯") == Tokens{"我", "看", "见", "一", "把", "锯"});
    REQUIRE(tokenize("机器人必须服从命令。") ==
            Tokens{"机", "器", "人", "必", "须", "服", "从", "命", "令", "。"});
    REQUIRE(tokenize("我爱 Paris，真的！") == Tokens{"我", "爱", "Paris", "，", "真", "的", "！"});
}

TEST_CASE("emoji stay whole, with modifiers and joiners", "[tokenizer]") {
    REQUIRE(tokenize("我爱 Paris 🙂!") == Tokens{"我", "爱", "Paris", "🙂", "!"});
    REQUIRE(tokenize("👍🏽ok") == Tokens{"👍🏽", "ok"});  // skin tone
    REQUIRE(tokenize("👨‍👩‍👧 home") ==
            Tokens{"👨‍👩‍👧", "home"});    // ZWJ family
    REQUIRE(tokenize("🇨🇳🇬🇧") == Tokens{"🇨🇳", "🇬🇧"});  // flags
    REQUIRE(tokenize("❤️") == Tokens{"❤️"});  // VS16
}

TEST_CASE("<pad> is one token", "[tokenizer]") {
    REQUIRE(tokenize("robot must <pad> <pad>") == Tokens{"robot", "must", "<pad>", "<pad>"});
    REQUIRE(tokenize("a<pad>") == Tokens{"a", "<pad>"});
    REQUIRE(tokenize("<pa>") == Tokens{"<", "pa", ">"});
}

TEST_CASE("bad sentences get clear messages", "[tokenizer][errors]") {
    REQUIRE_THROWS_WITH(tokenize(""), "sentence is empty: allowed 1..64 tokens");
    REQUIRE_THROWS_WITH(tokenize(" \t\n "), "sentence is empty: allowed 1..64 tokens");
    std::string long_sentence;
    for (int i = 0; i < 65; ++i) long_sentence += "w ";
    REQUIRE_THROWS_WITH(tokenize(long_sentence), "sentence has 65 tokens: allowed 1..64 tokens");
    std::string exactly64;
    for (int i = 0; i < 64; ++i) exactly64 += "w ";
    REQUIRE(tokenize(exactly64).size() == 64);
    REQUIRE_THROWS_WITH(tokenize("ab\xff"),
                        "sentence is not valid UTF-8 at byte 2: allowed is UTF-8 text");
    REQUIRE_THROWS_WITH(tokenize("\xe6\x88"),
                        "sentence is not valid UTF-8 at byte 0: allowed is UTF-8 text");
    REQUIRE_THROWS_WITH(tokenize("\xc0\xaf"),
                        "sentence is not valid UTF-8 at byte 0: allowed is UTF-8 text");
    REQUIRE_THROWS_WITH(tokenize(std::string(5000, 'a')),
                        "sentence length in bytes 5000 is out of range: allowed 0..4096");
}
