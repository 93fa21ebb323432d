/*
 * Deterministic synthetic people (see synth.h).
 *
 * Randomness: splitmix64 (Steele, Lea and Flood 2014; the seeding generator of xoshiro),
 * started from a hash of (seed, index), so person i needs nothing of persons 0..i-1. Every
 * field takes its draws in a fixed order whether it uses them or not, so that a field added
 * at the end leaves everyone's earlier fields as they were. Ranges use a modulo: the bias,
 * below n / 2^64, is of no consequence for test data.
 *
 * Names: common family names and given names with their usual reading; the reading of a
 * name is the one the table pairs with it, never guessed. Addresses: real municipalities
 * with their real 全国地方公共団体コード (the check digit is computed), prefecture
 * capitals' and large cities' own town names, 丁目・番・号 drawn. The postal code is the
 * municipality's real three-digit area number and four synthetic digits fixed per town.
 * 住民票コード: ten random digits and a weighted modulus-10 check digit, as the Juki-net
 * simulator uses; the real rule is not public.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "synth.h"
#include "valid.h"

struct reading {
	const char	*kanji, *kana;
};

struct rng {
	uint64_t	 s;
};

static uint64_t	 mix64(uint64_t);
static uint64_t	 next(struct rng *);
static uint64_t	 below(struct rng *, uint64_t);
static char	*put(char *, char *, const char *);
static char	*put_digits(char *, char *, uint64_t, int);
static char	*put_fullwidth(char *, char *, unsigned);

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])
#define END(a)		((a) + sizeof (a))

static const struct reading family_names[] = {
	{ "佐藤", "サトウ" }, { "鈴木", "スズキ" }, { "高橋", "タカハシ" },
	{ "田中", "タナカ" }, { "伊藤", "イトウ" }, { "渡辺", "ワタナベ" },
	{ "山本", "ヤマモト" }, { "中村", "ナカムラ" }, { "小林", "コバヤシ" },
	{ "加藤", "カトウ" }, { "吉田", "ヨシダ" }, { "山田", "ヤマダ" },
	{ "佐々木", "ササキ" }, { "山口", "ヤマグチ" }, { "松本", "マツモト" },
	{ "井上", "イノウエ" }, { "木村", "キムラ" }, { "林", "ハヤシ" },
	{ "斎藤", "サイトウ" }, { "清水", "シミズ" }, { "山崎", "ヤマザキ" },
	{ "森", "モリ" }, { "池田", "イケダ" }, { "橋本", "ハシモト" },
	{ "阿部", "アベ" }, { "石川", "イシカワ" }, { "山下", "ヤマシタ" },
	{ "中島", "ナカジマ" }, { "石井", "イシイ" }, { "小川", "オガワ" },
	{ "前田", "マエダ" }, { "岡田", "オカダ" }, { "長谷川", "ハセガワ" },
	{ "藤田", "フジタ" }, { "後藤", "ゴトウ" }, { "近藤", "コンドウ" },
	{ "村上", "ムラカミ" }, { "遠藤", "エンドウ" }, { "青木", "アオキ" },
	{ "坂本", "サカモト" }, { "斉藤", "サイトウ" }, { "福田", "フクダ" },
	{ "太田", "オオタ" }, { "西村", "ニシムラ" }, { "藤井", "フジイ" },
	{ "金子", "カネコ" }, { "岡本", "オカモト" }, { "藤原", "フジワラ" },
	{ "中野", "ナカノ" }, { "三浦", "ミウラ" }, { "原田", "ハラダ" },
	{ "中川", "ナカガワ" }, { "松田", "マツダ" }, { "竹内", "タケウチ" },
	{ "小野", "オノ" }, { "田村", "タムラ" }, { "中山", "ナカヤマ" },
	{ "和田", "ワダ" }, { "石田", "イシダ" }, { "森田", "モリタ" },
	{ "上田", "ウエダ" }, { "原", "ハラ" }, { "内田", "ウチダ" },
	{ "柴田", "シバタ" }, { "酒井", "サカイ" }, { "宮崎", "ミヤザキ" },
	{ "横山", "ヨコヤマ" }, { "高木", "タカギ" }, { "安藤", "アンドウ" },
	{ "宮本", "ミヤモト" }, { "大野", "オオノ" }, { "小島", "コジマ" },
	{ "谷口", "タニグチ" }, { "今井", "イマイ" }, { "工藤", "クドウ" },
	{ "高田", "タカダ" }, { "増田", "マスダ" }, { "丸山", "マルヤマ" },
	{ "杉山", "スギヤマ" }, { "村田", "ムラタ" }, { "大塚", "オオツカ" },
	{ "小山", "コヤマ" }, { "藤本", "フジモト" }, { "平野", "ヒラノ" },
	{ "新井", "アライ" }, { "河野", "コウノ" }, { "上野", "ウエノ" },
	{ "野口", "ノグチ" }, { "武田", "タケダ" }, { "松井", "マツイ" },
	{ "千葉", "チバ" }, { "岩崎", "イワサキ" }, { "菅原", "スガワラ" },
	{ "木下", "キノシタ" }, { "久保", "クボ" }, { "佐野", "サノ" },
	{ "野村", "ノムラ" }, { "松尾", "マツオ" }, { "市川", "イチカワ" },
	{ "菊地", "キクチ" }, { "杉本", "スギモト" }, { "古川", "フルカワ" },
	{ "大西", "オオニシ" }, { "島田", "シマダ" }, { "水野", "ミズノ" },
	{ "桜井", "サクライ" }, { "高野", "タカノ" }, { "渡部", "ワタナベ" },
	{ "吉川", "ヨシカワ" }, { "山内", "ヤマウチ" }, { "西田", "ニシダ" },
	{ "飯田", "イイダ" }, { "菊池", "キクチ" }, { "西川", "ニシカワ" },
	{ "小松", "コマツ" }, { "北村", "キタムラ" }, { "安田", "ヤスダ" },
	{ "五十嵐", "イガラシ" }, { "川口", "カワグチ" }, { "平田", "ヒラタ" },
	{ "関", "セキ" }, { "久保田", "クボタ" }, { "服部", "ハットリ" },
	{ "岩田", "イワタ" }, { "土屋", "ツチヤ" }, { "川崎", "カワサキ" },
	{ "福島", "フクシマ" }, { "本田", "ホンダ" }, { "辻", "ツジ" },
	{ "樋口", "ヒグチ" }, { "秋山", "アキヤマ" }, { "田口", "タグチ" },
	{ "永井", "ナガイ" }, { "山中", "ヤマナカ" }, { "中西", "ナカニシ" },
	{ "吉村", "ヨシムラ" }, { "川上", "カワカミ" }, { "石原", "イシハラ" },
	{ "大橋", "オオハシ" }, { "松岡", "マツオカ" }, { "馬場", "ババ" },
	{ "浅野", "アサノ" }, { "荒木", "アラキ" }, { "大久保", "オオクボ" },
	{ "野田", "ノダ" }, { "小西", "コニシ" }, { "田辺", "タナベ" },
	{ "松下", "マツシタ" },
	/* Variant forms that CP932 has (IBM extensions) and registers do hold. */
	{ "髙橋", "タカハシ" }, { "渡邉", "ワタナベ" }, { "齋藤", "サイトウ" },
	{ "山﨑", "ヤマザキ" }, { "草彅", "クサナギ" },
};

/* Family names CP932 cannot write: 𠮷 (U+20BB7, 土 over 口) and 𡈽 (U+2123D, 土 with a dot). */
static const struct reading gaiji_names[] = {
	{ "𠮷田", "ヨシダ" }, { "𠮷川", "ヨシカワ" }, { "𠮷村", "ヨシムラ" },
	{ "𠮷野", "ヨシノ" }, { "𡈽屋", "ツチヤ" }, { "𡈽井", "ツチイ" },
};

static const struct reading male_names[] = {
	{ "太郎", "タロウ" }, { "一郎", "イチロウ" }, { "次郎", "ジロウ" },
	{ "三郎", "サブロウ" }, { "健", "タケシ" }, { "誠", "マコト" },
	{ "浩", "ヒロシ" }, { "博", "ヒロシ" }, { "清", "キヨシ" },
	{ "茂", "シゲル" }, { "勇", "イサム" }, { "進", "ススム" },
	{ "実", "ミノル" }, { "稔", "ミノル" }, { "修", "オサム" },
	{ "明", "アキラ" }, { "豊", "ユタカ" }, { "隆", "タカシ" },
	{ "孝", "タカシ" }, { "学", "マナブ" }, { "聡", "サトシ" },
	{ "剛", "ツヨシ" }, { "武", "タケシ" }, { "弘", "ヒロシ" },
	{ "正", "タダシ" }, { "勝", "マサル" }, { "昇", "ノボル" },
	{ "章", "アキラ" }, { "徹", "トオル" }, { "透", "トオル" },
	{ "大輔", "ダイスケ" }, { "健太", "ケンタ" }, { "翔太", "ショウタ" },
	{ "拓也", "タクヤ" }, { "直樹", "ナオキ" }, { "和也", "カズヤ" },
	{ "達也", "タツヤ" }, { "哲也", "テツヤ" }, { "雅人", "マサト" },
	{ "大介", "ダイスケ" }, { "健一", "ケンイチ" }, { "浩二", "コウジ" },
	{ "浩一", "コウイチ" }, { "正男", "マサオ" }, { "和夫", "カズオ" },
	{ "光男", "ミツオ" }, { "幸男", "ユキオ" }, { "秀樹", "ヒデキ" },
	{ "英樹", "ヒデキ" }, { "智也", "トモヤ" }, { "陽介", "ヨウスケ" },
	{ "亮", "リョウ" }, { "翔", "ショウ" }, { "蓮", "レン" },
	{ "大翔", "ヒロト" }, { "悠真", "ユウマ" }, { "湊", "ミナト" },
	{ "陽翔", "ハルト" }, { "悠人", "ユウト" }, { "颯太", "ソウタ" },
	{ "樹", "イツキ" }, { "大樹", "ダイキ" }, { "拓海", "タクミ" },
	{ "海斗", "カイト" }, { "優太", "ユウタ" }, { "涼太", "リョウタ" },
	{ "隼人", "ハヤト" }, { "航", "ワタル" }, { "慎一", "シンイチ" },
	{ "信二", "シンジ" }, { "秀夫", "ヒデオ" }, { "義男", "ヨシオ" },
	{ "敏夫", "トシオ" }, { "功", "イサオ" }, { "淳", "ジュン" },
	{ "潤", "ジュン" }, { "純一", "ジュンイチ" }, { "裕太", "ユウタ" },
	{ "康弘", "ヤスヒロ" }, { "和彦", "カズヒコ" }, { "俊介", "シュンスケ" },
	{ "圭介", "ケイスケ" }, { "祐介", "ユウスケ" }, { "雄一", "ユウイチ" },
	{ "克也", "カツヤ" }, { "龍之介", "リュウノスケ" }, { "敦", "アツシ" },
	{ "賢治", "ケンジ" }, { "健二", "ケンジ" }, { "誠一", "セイイチ" },
	{ "貴之", "タカユキ" }, { "浩之", "ヒロユキ" }, { "雅之", "マサユキ" },
	{ "洋平", "ヨウヘイ" }, { "恭平", "キョウヘイ" }, { "修平", "シュウヘイ" },
	{ "翼", "ツバサ" }, { "大和", "ヤマト" }, { "陸", "リク" },
	{ "蒼", "アオイ" },
};

static const struct reading female_names[] = {
	{ "花子", "ハナコ" }, { "幸子", "サチコ" }, { "節子", "セツコ" },
	{ "洋子", "ヨウコ" }, { "和子", "カズコ" }, { "恵子", "ケイコ" },
	{ "京子", "キョウコ" }, { "久美子", "クミコ" }, { "由美子", "ユミコ" },
	{ "裕子", "ユウコ" }, { "直子", "ナオコ" }, { "智子", "トモコ" },
	{ "美穂", "ミホ" }, { "真由美", "マユミ" }, { "明美", "アケミ" },
	{ "陽子", "ヨウコ" }, { "典子", "ノリコ" }, { "順子", "ジュンコ" },
	{ "純子", "ジュンコ" }, { "早苗", "サナエ" }, { "恵美", "エミ" },
	{ "由美", "ユミ" }, { "愛", "アイ" }, { "恵", "メグミ" },
	{ "彩", "アヤ" }, { "舞", "マイ" }, { "麻衣", "マイ" },
	{ "美咲", "ミサキ" }, { "優子", "ユウコ" }, { "香織", "カオリ" },
	{ "沙織", "サオリ" }, { "千尋", "チヒロ" }, { "美紀", "ミキ" },
	{ "理恵", "リエ" }, { "亜紀", "アキ" }, { "奈々", "ナナ" },
	{ "彩花", "アヤカ" }, { "美香", "ミカ" }, { "由佳", "ユカ" },
	{ "友美", "トモミ" }, { "麻美", "アサミ" }, { "真理子", "マリコ" },
	{ "礼子", "レイコ" }, { "貴子", "タカコ" }, { "文子", "フミコ" },
	{ "静香", "シズカ" }, { "千代", "チヨ" }, { "春子", "ハルコ" },
	{ "秋子", "アキコ" }, { "明子", "アキコ" }, { "道子", "ミチコ" },
	{ "美智子", "ミチコ" }, { "良子", "ヨシコ" }, { "芳子", "ヨシコ" },
	{ "光子", "ミツコ" }, { "清子", "キヨコ" }, { "照子", "テルコ" },
	{ "正子", "マサコ" }, { "悦子", "エツコ" }, { "信子", "ノブコ" },
	{ "弘子", "ヒロコ" }, { "敏子", "トシコ" }, { "久子", "ヒサコ" },
	{ "栄子", "エイコ" }, { "康子", "ヤスコ" }, { "紀子", "ノリコ" },
	{ "美和", "ミワ" }, { "結衣", "ユイ" }, { "陽菜", "ヒナ" },
	{ "葵", "アオイ" }, { "凛", "リン" }, { "結菜", "ユイナ" },
	{ "芽依", "メイ" }, { "さくら", "サクラ" }, { "ひなた", "ヒナタ" },
	{ "美羽", "ミウ" }, { "莉子", "リコ" }, { "心春", "コハル" },
	{ "楓", "カエデ" }, { "紗希", "サキ" }, { "遥", "ハルカ" },
	{ "綾", "アヤ" }, { "瞳", "ヒトミ" }, { "薫", "カオル" },
	{ "桃子", "モモコ" }, { "萌", "モエ" }, { "彩乃", "アヤノ" },
	{ "七海", "ナナミ" }, { "菜々子", "ナナコ" }, { "里美", "サトミ" },
	{ "聡子", "サトコ" }, { "朋子", "トモコ" }, { "直美", "ナオミ" },
	{ "尚美", "ナオミ" }, { "美奈子", "ミナコ" }, { "千春", "チハル" },
	{ "真奈美", "マナミ" }, { "志保", "シホ" }, { "瑞穂", "ミズホ" },
	{ "絵美", "エミ" }, { "愛子", "アイコ" }, { "玲子", "レイコ" },
};

/*
 * Real municipalities: 全国地方公共団体コード without its check digit, prefecture, name, the
 * first three digits of its postal codes, its telephone area code and some of its towns.
 * Designated cities appear as one of their wards, as residents' addresses do.
 */
static const struct municipality {
	const char	*code;
	int		 prefecture;
	const char	*name;
	const char	*zip3;
	const char	*area;
	const char	*towns[3];
} municipalities[] = {
	{ "01101", 1, "札幌市中央区", "060", "011", { "北一条西", "大通西", "南三条西" } },
	{ "02201", 2, "青森市", "030", "017", { "長島", "新町", "本町" } },
	{ "03201", 3, "盛岡市", "020", "019", { "内丸", "中央通", "大通" } },
	{ "04101", 4, "仙台市青葉区", "980", "022", { "本町", "一番町", "国分町" } },
	{ "05201", 5, "秋田市", "010", "018", { "山王", "中通", "大町" } },
	{ "06201", 6, "山形市", "990", "023", { "松波", "旅篭町", "香澄町" } },
	{ "07201", 7, "福島市", "960", "024", { "杉妻町", "栄町", "本町" } },
	{ "08201", 8, "水戸市", "310", "029", { "笠原町", "南町", "宮町" } },
	{ "09201", 9, "宇都宮市", "320", "028", { "塙田", "本町", "馬場通り" } },
	{ "10201", 10, "前橋市", "371", "027", { "大手町", "本町", "千代田町" } },
	{ "11203", 11, "川口市", "332", "048", { "青木", "本町", "栄町" } },
	{ "12204", 12, "船橋市", "273", "047", { "湊町", "本町", "前原西" } },
	{ "13101", 13, "千代田区", "100", "03", { "霞が関", "丸の内", "永田町" } },
	{ "13104", 13, "新宿区", "160", "03", { "西新宿", "四谷", "高田馬場" } },
	{ "13112", 13, "世田谷区", "154", "03", { "世田谷", "三軒茶屋", "太子堂" } },
	{ "13113", 13, "渋谷区", "150", "03", { "宇田川町", "神南", "恵比寿" } },
	{ "13201", 13, "八王子市", "192", "042", { "元本郷町", "旭町", "横山町" } },
	{ "14104", 14, "横浜市中区", "231", "045", { "港町", "山下町", "本町" } },
	{ "14205", 14, "藤沢市", "251", "0466", { "朝日町", "鵠沼", "辻堂" } },
	{ "15103", 15, "新潟市中央区", "951", "025", { "新光町", "学校町通", "古町通" } },
	{ "16201", 16, "富山市", "930", "076", { "新桜町", "総曲輪", "桜町" } },
	{ "17201", 17, "金沢市", "920", "076", { "広坂", "香林坊", "片町" } },
	{ "18201", 18, "福井市", "910", "0776", { "大手", "中央", "順化" } },
	{ "19201", 19, "甲府市", "400", "055", { "丸の内", "中央", "相生" } },
	{ "20201", 20, "長野市", "380", "026", { "鶴賀", "南長野", "中御所" } },
	{ "21201", 21, "岐阜市", "500", "058", { "司町", "今沢町", "神田町" } },
	{ "22101", 22, "静岡市葵区", "420", "054", { "追手町", "呉服町", "紺屋町" } },
	{ "23106", 23, "名古屋市中区", "460", "052", { "栄", "丸の内", "錦" } },
	{ "24201", 24, "津市", "514", "059", { "広明町", "丸之内", "栄町" } },
	{ "25201", 25, "大津市", "520", "077", { "京町", "浜大津", "中央" } },
	{ "26104", 26, "京都市中京区", "604", "075", { "寺町", "河原町", "烏丸" } },
	{ "27127", 27, "大阪市北区", "530", "06", { "梅田", "中之島", "天満" } },
	{ "28110", 28, "神戸市中央区", "650", "078", { "加納町", "三宮町", "元町通" } },
	{ "29201", 29, "奈良市", "630", "0742", { "登大路町", "三条町", "大宮町" } },
	{ "30201", 30, "和歌山市", "640", "073", { "小松原通", "七番丁", "本町" } },
	{ "31201", 31, "鳥取市", "680", "0857", { "東町", "尚徳町", "幸町" } },
	{ "32201", 32, "松江市", "690", "0852", { "殿町", "末次町", "朝日町" } },
	{ "33101", 33, "岡山市北区", "700", "086", { "内山下", "表町", "大供" } },
	{ "34101", 34, "広島市中区", "730", "082", { "基町", "紙屋町", "大手町" } },
	{ "35203", 35, "山口市", "753", "083", { "滝町", "中央", "道場門前" } },
	{ "36201", 36, "徳島市", "770", "088", { "万代町", "幸町", "新町橋" } },
	{ "37201", 37, "高松市", "760", "087", { "番町", "亀井町", "丸の内" } },
	{ "38201", 38, "松山市", "790", "089", { "一番町", "二番町", "三番町" } },
	{ "39201", 39, "高知市", "780", "088", { "丸ノ内", "本町", "帯屋町" } },
	{ "40133", 40, "福岡市中央区", "810", "092", { "天神", "大名", "赤坂" } },
	{ "41201", 41, "佐賀市", "840", "0952", { "城内", "栄町", "松原" } },
	{ "42201", 42, "長崎市", "850", "095", { "尾上町", "桜町", "万才町" } },
	{ "43101", 43, "熊本市中央区", "860", "096", { "水前寺", "手取本町", "花畑町" } },
	{ "44201", 44, "大分市", "870", "097", { "大手町", "府内町", "荷揚町" } },
	{ "45201", 45, "宮崎市", "880", "0985", { "橘通東", "橘通西", "旭" } },
	{ "46201", 46, "鹿児島市", "890", "099", { "鴨池新町", "山下町", "東千石町" } },
	{ "47201", 47, "那覇市", "900", "098", { "泉崎", "久茂地", "松山" } },
};

static const char *buildings[] = {
	"メゾン桜", "ハイツ緑", "コーポ若葉", "グランドパレス", "サンライズマンション",
	"レジデンス本町", "パークハイム", "シティハウス",
};

static const char *mobile_prefixes[] = { "090", "080", "070" };

/* splitmix64's output function. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
next(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

static uint64_t
below(struct rng *r, uint64_t n)
{
	return next(r) % n;
}

/* Append s at p (never past end - 1); return the new end of the string. */
static char *
put(char *p, char *end, const char *s)
{
	while (*s != '\0' && p < end - 1)
		*p++ = *s++;
	*p = '\0';
	return p;
}

/* v in ASCII decimal, zero-padded to width digits. */
static char *
put_digits(char *p, char *end, uint64_t v, int width)
{
	char	 tmp[24];
	int	 i;

	for (i = width; i > 0; i--) {
		tmp[i - 1] = '0' + v % 10;
		v /= 10;
	}
	tmp[width] = '\0';
	return put(p, end, tmp);
}

/* v in full-width digits (U+FF10..U+FF19), as addresses are written. */
static char *
put_fullwidth(char *p, char *end, unsigned v)
{
	char	 digits[12], fw[4];
	int	 n = 0;

	do {
		digits[n++] = v % 10;
		v /= 10;
	} while (v != 0);
	fw[0] = (char)0xef;
	fw[1] = (char)0xbc;
	fw[3] = '\0';
	while (n > 0) {
		fw[2] = (char)(0x90 + digits[--n]);
		p = put(p, end, fw);
	}
	return p;
}

void
synth_person(uint64_t seed, uint64_t index, struct synth_person *out)
{
	static const struct date	 first = { 1940, 1, 1 }, last = { 2005, 12, 31 };
	const struct reading		*fam, *giv;
	const struct municipality	*mu;
	struct rng			 r;
	uint64_t			 v, gaiji, fami, givi, town, chome, ban, go;
	uint64_t			 bld, bname, floor, room, mobile, pfx, exch, line;
	uint64_t			 jv, zip4;
	char				*p, *e;
	long				 d0, d1;
	unsigned			 sum, i;
	int				 check;

	/* Padding included, so that the same person is the same bytes. */
	memset(out, 0, sizeof *out);
	r.s = mix64(seed ^ mix64(index + 0x632be59bd9b4e019ULL));

	/* The draws, in their fixed order. */
	gaiji = below(&r, 100);
	fami = next(&r);
	out->sex = 1 + (int)below(&r, 2);
	givi = next(&r);
	d0 = date_to_days(&first);
	d1 = date_to_days(&last);
	date_from_days(d0 + (long)below(&r, (uint64_t)(d1 - d0 + 1)), &out->birth);
	mu = &municipalities[below(&r, NITEMS(municipalities))];
	town = below(&r, NITEMS(mu->towns));
	chome = 1 + below(&r, 5);
	ban = 1 + below(&r, 30);
	go = 1 + below(&r, 20);
	bld = below(&r, 10);
	bname = below(&r, NITEMS(buildings));
	floor = 1 + below(&r, 9);
	room = 1 + below(&r, 8);
	mobile = below(&r, 10);
	pfx = below(&r, NITEMS(mobile_prefixes));
	exch = next(&r);
	line = below(&r, 10000);
	v = below(&r, 100000000000ULL);
	jv = below(&r, 10000000000ULL);

	/* Names: one person in a hundred has a family name with 外字. */
	out->has_gaiji = gaiji == 0;
	if (out->has_gaiji)
		fam = &gaiji_names[fami % NITEMS(gaiji_names)];
	else
		fam = &family_names[fami % NITEMS(family_names)];
	if (out->sex == 1)
		giv = &male_names[givi % NITEMS(male_names)];
	else
		giv = &female_names[givi % NITEMS(female_names)];
	put(out->family, END(out->family), fam->kanji);
	put(out->given, END(out->given), giv->kanji);
	put(out->family_kana, END(out->family_kana), fam->kana);
	put(out->given_kana, END(out->given_kana), giv->kana);
	p = put(out->name, END(out->name), fam->kanji);
	p = put(p, END(out->name), "　");
	put(p, END(out->name), giv->kanji);
	p = put(out->kana, END(out->kana), fam->kana);
	p = put(p, END(out->kana), "　");
	put(p, END(out->kana), giv->kana);

	/* Address. */
	out->prefecture = mu->prefecture;
	memcpy(out->municipality, mu->code, 5);
	check = municipality_check_digit(mu->code);
	out->municipality[5] = '0' + check;
	out->municipality[6] = '\0';
	put(out->municipality_name, END(out->municipality_name), mu->name);
	p = put(out->postal, END(out->postal), mu->zip3);
	/* Four digits fixed by municipality and town: one town, one postal code. */
	zip4 = mix64(((uint64_t)(mu - municipalities) << 8) ^ town) % 10000;
	put_digits(p, END(out->postal), zip4, 4);
	p = put(out->address1, END(out->address1), prefecture_name(mu->prefecture));
	put(p, END(out->address1), mu->name);
	e = END(out->address2);
	p = put(out->address2, e, mu->towns[town]);
	p = put_fullwidth(p, e, (unsigned)chome);
	p = put(p, e, "丁目");
	p = put_fullwidth(p, e, (unsigned)ban);
	p = put(p, e, "番");
	p = put_fullwidth(p, e, (unsigned)go);
	put(p, e, "号");
	out->address3[0] = '\0';
	if (bld < 3) {
		e = END(out->address3);
		p = put(out->address3, e, buildings[bname]);
		p = put_fullwidth(p, e, (unsigned)(floor * 100 + room));
		put(p, e, "号室");
	}

	/* Phone: six in ten mobile, the rest on the municipality's area code. */
	e = END(out->phone);
	if (mobile < 6) {
		p = put(out->phone, e, mobile_prefixes[pfx]);
		p = put(p, e, "-");
		p = put_digits(p, e, exch % 10000, 4);
	} else {
		p = put(out->phone, e, mu->area);
		p = put(p, e, "-");
		/* Ten digits in all; a local exchange starts with 2-9. */
		p = put_digits(p, e, 2 + exch % 8, 1);
		p = put_digits(p, e, (exch >> 8) % 1000, 5 - (int)strlen(mu->area));
	}
	p = put(p, e, "-");
	put_digits(p, e, line, 4);

	/* My Number: eleven random digits and the check digit. */
	p = put_digits(out->mynumber, END(out->mynumber), v, 11);
	check = mynumber_check_digit(out->mynumber);
	put_digits(p, END(out->mynumber), (uint64_t)check, 1);

	/* 住民票コード: ten digits, weights 1 and 3, modulus 10. */
	put_digits(out->jumin, END(out->jumin), jv, 10);
	for (sum = 0, i = 0; i < 10; i++)
		sum += (unsigned)(out->jumin[i] - '0') * (i % 2 ? 3 : 1);
	out->jumin[10] = '0' + (10 - sum % 10) % 10;
	out->jumin[11] = '\0';
}
