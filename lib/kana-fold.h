/*
 * Kana as a duplicate check compares them (issue 25): the spellings one person's name is
 * given in on different forms become one. ヴ and its syllables become バ行 (ヴァ バ, ヴィ ビ,
 * ヴ ブ, ヴェ ベ, ヴォ ボ), small kana become full-size (ァ ア, ッ ツ, ャ ヤ, ヮ ワ, ヵ カ, ヶ ケ),
 * and spaces (U+0020, U+3000), the long-vowel mark ー and the middle dot ・ go. The input is
 * katakana as the register keeps it (valid_kana's output); anything else passes unchanged.
 */
#ifndef KANA_FOLD_H
#define KANA_FOLD_H

/* The folded form of s (allocated). */
char	*kana_fold(const char *);

#endif
