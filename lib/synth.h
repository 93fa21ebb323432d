/*
 * Synthetic people: the same realistic person for the same (seed, index), for demo data
 * (`madoguchi-admin demo-data`), the Juki-net simulator (whose residents must match the
 * register's holders) and the 1,000,000-holder benchmark. No real person's data: names are
 * common names drawn independently, numbers are random with valid check digits.
 *
 * Every field is valid for the validators in valid.h, and every text is CP932-representable
 * except in the about 1 % of people flagged has_gaiji, whose family name holds a character
 * CP932 lacks (𠮷 U+20BB7, 𡈽 U+2123D), as Juki-net 外字 do.
 */
#ifndef SYNTH_H
#define SYNTH_H

#include <stdint.h>

#include "valid.h"

struct synth_person {
	char		 family[32];		/* 山田 (UTF-8, as every text here) */
	char		 given[32];		/* 太郎 */
	char		 name[68];		/* 山田　太郎 (U+3000 between) */
	char		 family_kana[40];	/* ヤマダ */
	char		 given_kana[40];	/* タロウ */
	char		 kana[84];		/* ヤマダ　タロウ */
	int		 sex;			/* 1 male, 2 female (住基 coding) */
	struct date	 birth;			/* 1940-01-01 .. 2005-12-31 */
	int		 prefecture;		/* 1-47 */
	char		 municipality[7];	/* 6 digits with check digit */
	char		 municipality_name[40];	/* 千代田区, 札幌市中央区 */
	char		 postal[8];		/* 7 digits */
	char		 address1[64];		/* 東京都千代田区 */
	char		 address2[96];		/* 霞が関１丁目２番３号 */
	char		 address3[96];		/* ハイツ緑３０２号室, or "" */
	char		 phone[16];		/* 090-1234-5678, 03-1234-5678 */
	char		 mynumber[13];		/* 12 digits, valid check digit */
	char		 jumin[12];		/* 住民票コード: 11 digits */
	int		 has_gaiji;		/* family name not representable in CP932 */
};

/*
 * Fill *out with person index of the population seed. Any index can be generated alone,
 * in any order, in about a microsecond; nothing is allocated.
 */
void	 synth_person(uint64_t, uint64_t, struct synth_person *);

#endif
