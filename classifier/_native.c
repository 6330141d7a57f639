/*
 * classifier._native: the compiled twin of the pure-Python cleaner and matcher.
 *
 * Matcher(keys, strict, anchors, window).scan(text, offsets) does in one call what
 * classifier.text.mask_markdown + collapse_whitespace and
 * classifier.skills.SkillMatcher._reference_scan do in Python, with the same
 * results (tests/test_native.py compares the two on generated and real text):
 *
 *   1. mask Markdown, URLs and e-mail addresses without changing the length;
 *   2. collapse white space (one space; a hard break "\n" for a blank line);
 *   3. at every position, the longest boundary-checked key of the
 *      case-insensitive trie (with a version suffix) or of the case-sensitive
 *      ("strict") trie; leftmost-longest, non-overlapping.
 *
 * Character classes follow Python's str regular expressions and str.split():
 * \s is Py_UNICODE_ISSPACE, \w is Py_UNICODE_ISALNUM or "_", \d is
 * Py_UNICODE_ISDECIMAL. Keys are ASCII (the caller checks); text may hold any
 * code point.
 *
 * keys and strict are (alias, value) pairs; anchors[value] holds flags: ANCHOR (a match of
 * that value makes a strict alias within window characters count) and DROP (a match of it
 * is chosen like any other, so it hides the shorter keys it covers, but never reported:
 * a phrase such as "job security" that holds an alias without naming the skill). It returns
 * (cleaned text or None, matches, strict): matches holds each match's value, or
 * (value, start, end) with offsets into the text given, or match objects made of
 * labels[value] and those offsets (see Matcher_scan's doc string); strict holds
 * (index in matches, start, end, value, anchored) for each strict alias, offsets
 * into the cleaned text, which is returned only when there is a strict alias. The
 * caller applies the veto and cue words, unless set_strict_rules gave them: then scan
 * applies them itself and strict is empty, except where a character beyond ASCII
 * (which re.IGNORECASE and str.lower() treat in ways not copied here) stands where it
 * could change the answer. It returns None instead when asked to
 * look for HTML and the text has a tag or an entity (as
 * classifier.text.looks_like_html says): the caller reduces it to text first.
 *
 * count_terms(texts) counts every unigram and bigram of texts at training time, as
 * scikit-learn's CountVectorizer does (classifier.featurecore.count_terms).
 */
#ifndef NATIVE_SOURCE_SHA256
#define NATIVE_SOURCE_SHA256 "unknown"
#endif
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define FLAG_STRICT 1
#define FLAG_VERSIONED 2
/* flags of a key value (anchors[value]) */
#define ANCHOR 1
#define DROP 2

#define FIRST_WORD_LOG2 17
#define FIRST_WORD_BITS (1 << FIRST_WORD_LOG2) /* 16 KB: fits the first-level cache */

struct Slot {
    int32_t base;
    uint32_t check; /* the parent state, with TERMINAL set when a key ends here */
};
#define TERMINAL 0x80000000u
#define FREE 0xFFFFFFFFu

typedef struct {
    /* while building: a dense table, nodes x width; 0 means no child (the root is never a child) */
    int32_t *child;
    int32_t *value; /* per node: the key's value, or -1 */
    Py_ssize_t nodes;
    Py_ssize_t capacity;
    /* compiled: a double-array trie. State 0 is the root; the child of state s along symbol c is
       t = slot[s].base + c when slot[t].check, less TERMINAL, is s. A key ends at t when TERMINAL
       is set; its value is ends[t]. */
    struct Slot *slot;
    int32_t *ends;
    Py_ssize_t size;
} Trie;

struct WordSlot {
    uint64_t hash;
    int32_t column;
};

/* The strict aliases' rules (set_strict_rules), as classifier.skills.SkillMatcher._keep_strict
   applies them: veto words right after or before the alias, cue words near it. */
typedef struct {
    Py_ssize_t offset, length; /* into rule_chars */
} Piece;

typedef struct {
    Py_ssize_t first, count; /* pieces[first : first + count], joined by [\s-]* */
    int edge;                /* after: (?!\w) after the word; before: (?<!\w) before it */
} VetoWord;

typedef struct {
    int set;                                /* this value has rules */
    Py_ssize_t after_first, after_count;    /* into veto_words: not_followed_by */
    Py_ssize_t before_first, before_count;  /* into veto_words: not_preceded_by */
    Py_ssize_t cue_first, cue_count;        /* into pieces: the cues, lower-cased */
} StrictRule;

typedef struct {
    PyObject_HEAD
    uint8_t code[128]; /* ASCII character -> alphabet code, 0 = in no key */
    int width;         /* alphabet size + 1 */
    uint8_t starts_folded[128]; /* characters a case-insensitive key starts with */
    uint64_t first_words[FIRST_WORD_BITS / 64]; /* Bloom-style bit set of the keys' first runs */
    uint8_t starts_strict[128]; /* characters a strict key starts with */
    uint8_t *anchor;            /* per key value: ANCHOR (a match of it makes a nearby strict alias
                                   count), DROP (a match of it is never reported) */
    Py_ssize_t values;          /* length of anchor */
    Py_ssize_t window;          /* how near (characters of cleaned text) */
    PyObject *labels;           /* optional: per key value, the (name, category) of a match */
    PyTypeObject *match_type;   /* optional: a tuple subclass made of (name, category, start, end, text) */
    Trie folded;       /* case-insensitive keys, matched on lower-cased text */
    Trie strict;       /* case-sensitive keys */
    /* words (set_words): an open-addressing table of the terms' 64-bit FNV-1a hashes (over code
       points; 0 marks a free slot), each beside its term's column, so a hit reads one cache line;
       and a bit set of the hashes' top bits (a one-hash Bloom filter of a few bits per term,
       small enough to stay in cache) that turns most tokens and pairs that are no term away
       before the table is read */
    struct WordSlot *word_slots;
    size_t word_mask;
    uint64_t *word_filter;
    int word_filter_log2;
    Py_ssize_t word_count;
    /* strict rules (set_strict_rules): per key value, or NULL when the caller applies them */
    StrictRule *rules;
    VetoWord *veto_words;
    Piece *pieces;
    Py_UCS4 *rule_chars;
    Py_ssize_t reach; /* how far a veto word may reach from the alias (characters) */
} MatcherObject;

/* -- character classes ------------------------------------------------------------------ */

enum {
    C_ALNUM = 1,  /* [0-9A-Za-z] */
    C_WORD = 2,   /* \w: alphanumeric or "_" */
    C_SPACE = 4,  /* \s and str.split(): what Py_UNICODE_ISSPACE says */
    C_LOCAL = 8,  /* an e-mail's local part: [\w.+-] */
    C_BLANK = 16, /* white space after cleaning: \s, NUL and the Markdown inline marks *`_[]~\ */
};
static uint8_t ascii_class[128];
static uint8_t survey_marks[128]; /* the characters survey_copy() looks at */

/* Flags of a cleaned character. */
enum { F_ALNUM = 1, F_WORD = 2 };

static void init_classes(void) {
    for (const char *mark = "<&@/-*_=.("; *mark; mark++) {
        survey_marks[(unsigned char)*mark] = 1;
    }
    for (int c = 0; c < 128; c++) {
        int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        int space = Py_UNICODE_ISSPACE((Py_UCS4)c);
        int word = alnum || c == '_';
        ascii_class[c] = (uint8_t)((alnum ? C_ALNUM : 0) | (word ? C_WORD : 0) | (space ? C_SPACE : 0) |
                                   ((word || c == '.' || c == '+' || c == '-') ? C_LOCAL : 0) |
                                   ((space || c == 0 || strchr("*`_[]~\\", c)) ? C_BLANK : 0));
    }
}

static inline int is_space(Py_UCS4 c) { return c < 128 ? ascii_class[c] & C_SPACE : Py_UNICODE_ISSPACE(c); }

static inline int is_word(Py_UCS4 c) { return c < 128 ? ascii_class[c] & C_WORD : Py_UNICODE_ISALNUM(c); }

static inline int is_ascii_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }

static inline Py_UCS4 lower(Py_UCS4 c) {
    if (c < 128) {
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
    /* U+0130 lower-cases to two characters; the Python side keeps it as it is */
    return c == 0x130 ? c : Py_UNICODE_TOLOWER(c);
}

/* -- trie -------------------------------------------------------------------------------- */

static int trie_init(Trie *trie, int width) {
    trie->capacity = 256;
    trie->nodes = 1;
    trie->child = PyMem_Calloc((size_t)trie->capacity * width, sizeof(int32_t));
    trie->value = PyMem_Malloc((size_t)trie->capacity * sizeof(int32_t));
    if (trie->child == NULL || trie->value == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    trie->value[0] = -1;
    return 0;
}

static void trie_free(Trie *trie) {
    PyMem_Free(trie->child);
    PyMem_Free(trie->value);
    PyMem_Free(trie->slot);
    PyMem_Free(trie->ends);
    memset(trie, 0, sizeof(Trie));
}

/* The first free slot at or after i: skip[] links each taken slot onward (path halving). */
static inline Py_ssize_t next_free(int32_t *skip, Py_ssize_t i) {
    while (skip[i] != i) {
        skip[i] = skip[skip[i]];
        i = skip[i];
    }
    return i;
}

/* Make room for slots up to at least `need`: new slots are free. */
static int grow_slots(Trie *trie, int32_t **skip, Py_ssize_t *capacity, Py_ssize_t need) {
    if (need < *capacity) {
        return 0;
    }
    Py_ssize_t grown = *capacity;
    while (grown <= need) {
        grown *= 2;
    }
    if (grown > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "taxonomy too large for the compiled matcher");
        return -1;
    }
    struct Slot *slot = PyMem_Realloc(trie->slot, (size_t)grown * sizeof(struct Slot));
    if (slot == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    trie->slot = slot;
    int32_t *links = PyMem_Realloc(*skip, ((size_t)grown + 1) * sizeof(int32_t));
    if (links == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *skip = links;
    for (Py_ssize_t k = *capacity; k < grown; k++) {
        slot[k].base = 0;
        slot[k].check = FREE;
        links[k] = (int32_t)k;
    }
    links[grown] = (int32_t)grown;
    *capacity = grown;
    return 0;
}

/* Place the nodes in a double array (see Trie), breadth-first; free the building table. */
static int trie_compile(Trie *trie, int width) {
    Py_ssize_t nodes = trie->nodes, capacity = 0, size = 1;
    int32_t *order = PyMem_Malloc((size_t)nodes * sizeof(int32_t));
    int32_t *state = PyMem_Malloc((size_t)nodes * sizeof(int32_t));
    int *symbols = PyMem_Malloc((size_t)width * sizeof(int));
    int32_t *skip = NULL;
    int status = -1;
    trie->slot = NULL;
    if (order == NULL || state == NULL || symbols == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    capacity = 1;
    trie->slot = PyMem_Malloc(sizeof(struct Slot));
    skip = PyMem_Malloc(2 * sizeof(int32_t));
    if (trie->slot == NULL || skip == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    skip[0] = 1; /* the root's slot is taken */
    skip[1] = 1;
    trie->slot[0].base = 0;
    trie->slot[0].check = FREE - 1;
    if (grow_slots(trie, &skip, &capacity, nodes + 2 * (Py_ssize_t)width) < 0) {
        goto done;
    }
    Py_ssize_t head = 0, tail = 1;
    order[0] = 0;
    state[0] = 0;
    while (head < tail) {
        int32_t node = order[head++];
        int count = 0;
        for (int symbol = 1; symbol < width; symbol++) {
            if (trie->child[(Py_ssize_t)node * width + symbol] != 0) {
                symbols[count++] = symbol;
            }
        }
        if (count == 0) {
            continue;
        }
        /* the first base whose slots for all the children are free */
        Py_ssize_t base;
        for (Py_ssize_t slot = next_free(skip, 1);; slot = next_free(skip, slot + 1)) {
            base = slot - symbols[0];
            if (grow_slots(trie, &skip, &capacity, base + width + 1) < 0) {
                goto done;
            }
            if (base < 1) {
                continue;
            }
            int fits = 1;
            for (int k = 1; k < count && fits; k++) {
                fits = trie->slot[base + symbols[k]].check == FREE;
            }
            if (fits) {
                break;
            }
        }
        trie->slot[state[node]].base = (int32_t)base;
        for (int k = 0; k < count; k++) {
            int32_t child = trie->child[(Py_ssize_t)node * width + symbols[k]];
            Py_ssize_t t = base + symbols[k];
            trie->slot[t].check = (uint32_t)state[node] | (trie->value[child] >= 0 ? TERMINAL : 0);
            skip[t] = (int32_t)(t + 1);
            state[child] = (int32_t)t;
            order[tail++] = child;
            if (t + 1 > size) {
                size = t + 1;
            }
        }
    }
    trie->size = size;
    trie->ends = PyMem_Malloc((size_t)size * sizeof(int32_t));
    if (trie->ends == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nodes; k++) {
        trie->ends[state[k]] = trie->value[k];
    }
    PyMem_Free(trie->child);
    PyMem_Free(trie->value);
    trie->child = NULL;
    trie->value = NULL;
    status = 0;
done:
    PyMem_Free(order);
    PyMem_Free(state);
    PyMem_Free(symbols);
    PyMem_Free(skip);
    return status;
}

/* The child of state s along symbol c, or 0 (the root is nobody's child). */
static inline int32_t trie_next(const struct Slot *slot, Py_ssize_t size, int32_t s, int c) {
    Py_ssize_t t = (Py_ssize_t)slot[s].base + c;
    return (t < size && (slot[t].check & ~TERMINAL) == (uint32_t)s) ? (int32_t)t : 0;
}

static int trie_add(Trie *trie, const uint8_t *code, const char *key, Py_ssize_t length, int width, int32_t value) {
    Py_ssize_t node = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        int symbol = code[(unsigned char)key[i]];
        int32_t next = trie->child[node * width + symbol];
        if (next == 0) {
            if (trie->nodes == trie->capacity) {
                Py_ssize_t capacity = trie->capacity * 2;
                int32_t *child = PyMem_Realloc(trie->child, (size_t)capacity * width * sizeof(int32_t));
                if (child == NULL) {
                    PyErr_NoMemory();
                    return -1;
                }
                memset(child + trie->capacity * width, 0, (size_t)(capacity - trie->capacity) * width * sizeof(int32_t));
                trie->child = child;
                int32_t *values = PyMem_Realloc(trie->value, (size_t)capacity * sizeof(int32_t));
                if (values == NULL) {
                    PyErr_NoMemory();
                    return -1;
                }
                trie->value = values;
                trie->capacity = capacity;
            }
            next = (int32_t)trie->nodes++;
            trie->value[next] = -1;
            trie->child[node * width + symbol] = next;
        }
        node = next;
    }
    trie->value[node] = value;
    return 0;
}

/* keys: a list of (str, int) pairs; every str non-empty ASCII */
static int check_keys(PyObject *keys, const char *what) {
    if (!PyList_Check(keys)) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of (str, int) pairs", what);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *pair = PyList_GET_ITEM(keys, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0)) ||
            !PyLong_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_Format(PyExc_TypeError, "%s must be a list of (str, int) pairs", what);
            return -1;
        }
        PyObject *key = PyTuple_GET_ITEM(pair, 0);
        if (!PyUnicode_IS_ASCII(key) || PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_Format(PyExc_ValueError, "%s: keys must be non-empty ASCII strings", what);
            return -1;
        }
    }
    return 0;
}

static int add_keys(MatcherObject *self, Trie *trie, PyObject *keys) {
    if (trie_init(trie, self->width) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *pair = PyList_GET_ITEM(keys, i);
        PyObject *key = PyTuple_GET_ITEM(pair, 0);
        long value = PyLong_AsLong(PyTuple_GET_ITEM(pair, 1));
        if (value == -1 && PyErr_Occurred()) {
            return -1;
        }
        if (value < 0 || value >= self->values) {
            PyErr_SetString(PyExc_ValueError, "key values must index anchors");
            return -1;
        }
        const char *chars = (const char *)PyUnicode_1BYTE_DATA(key);
        if (trie_add(trie, self->code, chars, PyUnicode_GET_LENGTH(key), self->width, (int32_t)value) < 0) {
            return -1;
        }
    }
    return 0;
}

/* One step down `trie` from `state` along character c: the next state, or 0. */
static inline int32_t trie_step(const Trie *trie, const uint8_t *code, Py_UCS4 c, int32_t state) {
    if (c >= 128 || code[c] == 0) {
        return 0;
    }
    return trie_next(trie->slot, trie->size, state, code[c]);
}

/* -- first words ---------------------------------------------------------------------------
   A case-insensitive key can start at a word only if the key's first alphanumeric run is the
   word, or the word less a version suffix of digits. A bit set of the first runs' hashes
   (a one-hash Bloom filter: a false hit only costs a walk) lets most words skip the walk. */
#define FNV_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static inline uint64_t hash_step(uint64_t hash, Py_UCS4 c) { return (hash ^ c) * FNV_PRIME; }

static inline Py_ssize_t first_word_bit(uint64_t hash) { return (Py_ssize_t)(hash >> (64 - FIRST_WORD_LOG2)); }

static inline int first_word_known(const MatcherObject *self, uint64_t hash) {
    Py_ssize_t bit = first_word_bit(hash);
    return (int)(self->first_words[bit >> 6] >> (bit & 63) & 1);
}

static void add_first_words(MatcherObject *self, PyObject *keys) {
    memset(self->first_words, 0, sizeof(self->first_words));
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *key = PyTuple_GET_ITEM(PyList_GET_ITEM(keys, i), 0);
        const unsigned char *chars = PyUnicode_1BYTE_DATA(key);
        uint64_t hash = FNV_BASIS;
        Py_ssize_t j = 0;
        for (; j < PyUnicode_GET_LENGTH(key) && ascii_class[chars[j]] & C_ALNUM; j++) {
            hash = hash_step(hash, chars[j]);
        }
        if (j > 0) { /* a key that starts with a symbol (".net") is always walked */
            Py_ssize_t bit = first_word_bit(hash);
            self->first_words[bit >> 6] |= (uint64_t)1 << (bit & 63);
        }
    }
}

/* The word (alphanumeric run) at p, lower-cased, or it less trailing digits, is a first run. */
static int word_may_start_key(const MatcherObject *self, const Py_UCS4 *low, const uint8_t *flags, Py_ssize_t m,
                              Py_ssize_t p) {
    uint64_t hash = FNV_BASIS, before_digit[16];
    int digits = 0;
    for (Py_ssize_t q = p; q < m && flags[q] & F_ALNUM; q++) {
        Py_UCS4 c = low[q];
        if (c >= 128) {
            return 0; /* keys are ASCII, and this is no digit of a version */
        }
        if (c >= '0' && c <= '9') {
            if (digits < 16) {
                before_digit[digits] = hash;
            }
            digits++;
        } else {
            digits = 0;
        }
        hash = hash_step(hash, c);
    }
    if (digits > 16 || first_word_known(self, hash)) {
        return 1;
    }
    for (int k = 0; k < digits; k++) {
        if (first_word_known(self, before_digit[k])) {
            return 1;
        }
    }
    return 0;
}

static void rules_free(MatcherObject *self) {
    PyMem_Free(self->rules);
    PyMem_Free(self->veto_words);
    PyMem_Free(self->pieces);
    PyMem_Free(self->rule_chars);
    self->rules = NULL;
    self->veto_words = NULL;
    self->pieces = NULL;
    self->rule_chars = NULL;
}

static int Matcher_init(MatcherObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"keys", "strict", "anchors", "window", "labels", "match_type", NULL};
    PyObject *keys, *strict, *labels = NULL, *match_type = NULL;
    Py_buffer anchors;
    Py_ssize_t window;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOy*n|OO", kwlist, &keys, &strict, &anchors, &window, &labels,
                                     &match_type)) {
        return -1;
    }
    if ((labels == NULL) != (match_type == NULL) ||
        (labels != NULL && (!PyList_Check(labels) || PyList_GET_SIZE(labels) != anchors.len ||
                            !PyType_Check(match_type) ||
                            !PyType_IsSubtype((PyTypeObject *)match_type, &PyTuple_Type)))) {
        PyBuffer_Release(&anchors);
        PyErr_SetString(PyExc_TypeError, "labels (one (name, category) per value) and match_type (a tuple "
                                         "subclass) go together");
        return -1;
    }
    for (Py_ssize_t i = 0; labels != NULL && i < PyList_GET_SIZE(labels); i++) {
        PyObject *label = PyList_GET_ITEM(labels, i);
        if (!PyTuple_Check(label) || PyTuple_GET_SIZE(label) != 2) {
            PyBuffer_Release(&anchors);
            PyErr_SetString(PyExc_TypeError, "labels must be (name, category) tuples");
            return -1;
        }
    }
    Py_XINCREF(labels);
    Py_XSETREF(self->labels, labels);
    Py_XINCREF(match_type);
    Py_XSETREF(self->match_type, (PyTypeObject *)match_type);
    rules_free(self); /* they are per value: set them again */
    PyMem_Free(self->anchor);
    self->anchor = PyMem_Malloc((size_t)anchors.len + 1);
    if (self->anchor == NULL) {
        PyBuffer_Release(&anchors);
        PyErr_NoMemory();
        return -1;
    }
    memcpy(self->anchor, anchors.buf, (size_t)anchors.len);
    self->values = anchors.len;
    self->window = window;
    PyBuffer_Release(&anchors);
    if (check_keys(keys, "keys") < 0 || check_keys(strict, "strict") < 0) {
        return -1;
    }
    trie_free(&self->folded);
    trie_free(&self->strict);
    memset(self->code, 0, sizeof(self->code));
    int symbols = 0;
    PyObject *lists[2] = {keys, strict};
    for (int l = 0; l < 2; l++) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(lists[l]); i++) {
            PyObject *key = PyTuple_GET_ITEM(PyList_GET_ITEM(lists[l], i), 0);
            const unsigned char *chars = PyUnicode_1BYTE_DATA(key);
            for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(key); j++) {
                if (self->code[chars[j]] == 0) {
                    self->code[chars[j]] = (uint8_t)++symbols;
                }
            }
        }
    }
    self->width = symbols + 1;
    if (add_keys(self, &self->folded, keys) < 0 || add_keys(self, &self->strict, strict) < 0) {
        return -1;
    }
    if (trie_compile(&self->folded, self->width) < 0 || trie_compile(&self->strict, self->width) < 0) {
        return -1;
    }
    add_first_words(self, keys);
    memset(self->starts_folded, 0, sizeof(self->starts_folded));
    memset(self->starts_strict, 0, sizeof(self->starts_strict));
    for (int c = 0; c < 128; c++) {
        if (self->code[c]) {
            self->starts_folded[c] = trie_next(self->folded.slot, self->folded.size, 0, self->code[c]) != 0;
            self->starts_strict[c] = trie_next(self->strict.slot, self->strict.size, 0, self->code[c]) != 0;
        }
    }
    return 0;
}


static void Matcher_dealloc(MatcherObject *self) {
    rules_free(self);
    PyMem_Free(self->word_slots);
    PyMem_Free(self->word_filter);
    Py_XDECREF(self->labels);
    Py_XDECREF(self->match_type);
    PyMem_Free(self->anchor);
    trie_free(&self->folded);
    trie_free(&self->strict);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* -- cleaning (classifier.text.mask_markdown) -------------------------------------------- */

static inline int starts_with(const Py_UCS4 *t, Py_ssize_t n, Py_ssize_t i, const char *literal) {
    for (Py_ssize_t k = 0; literal[k]; k++) {
        if (i + k >= n || t[i + k] != (Py_UCS4)(unsigned char)literal[k]) {
            return 0;
        }
    }
    return 1;
}

static inline void fill(Py_UCS4 *t, Py_ssize_t start, Py_ssize_t end, Py_UCS4 c) {
    for (Py_ssize_t k = start; k < end; k++) {
        t[k] = c;
    }
}

/* (?:https?://|www\.)[^\s<>()\[\]]+ -> spaces */
static void mask_urls(Py_UCS4 *t, Py_ssize_t n) {
    Py_ssize_t i = 0;
    while (i < n) {
        Py_ssize_t body = -1;
        if (t[i] == 'h') {
            if (starts_with(t, n, i, "https://")) {
                body = i + 8;
            } else if (starts_with(t, n, i, "http://")) {
                body = i + 7;
            }
        } else if (t[i] == 'w' && starts_with(t, n, i, "www.")) {
            body = i + 4;
        }
        if (body >= 0) {
            Py_ssize_t j = body;
            while (j < n && !is_space(t[j]) && t[j] != '<' && t[j] != '>' && t[j] != '(' && t[j] != ')' &&
                   t[j] != '[' && t[j] != ']') {
                j++;
            }
            if (j > body) {
                fill(t, i, j, ' ');
                i = j;
                continue;
            }
        }
        i++;
    }
}

static inline int is_local(Py_UCS4 c) { return c < 128 ? ascii_class[c] & C_LOCAL : Py_UNICODE_ISALNUM(c); }

/* (?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+ -> spaces. Found from each "@": its local part is the
   run of [\w.+-] before it. The regular expression looks behind at the text before any
   blanking, so a run that starts where the previous address ended is no local part. */
static void mask_emails(Py_UCS4 *t, Py_ssize_t n) {
    Py_ssize_t last_end = -1;
    for (Py_ssize_t at = 0; at < n; at++) {
        if (t[at] != '@') {
            continue;
        }
        Py_ssize_t start = at;
        while (start > 0 && is_local(t[start - 1])) {
            start--;
        }
        if (start == at || start == last_end) {
            continue;
        }
        Py_ssize_t k = at + 1;
        while (k < n && (is_word(t[k]) || t[k] == '-')) {
            k++;
        }
        if (k == at + 1 || k >= n || t[k] != '.') {
            continue;
        }
        Py_ssize_t end = k + 1;
        while (end < n && (is_word(t[end]) || t[end] == '.' || t[end] == '-')) {
            end++;
        }
        if (end > k + 1) {
            fill(t, start, end, ' ');
            last_end = end;
            at = end - 1;
        }
    }
}

static inline int is_rule_mark(Py_UCS4 c) { return c == '-' || c == '*' || c == '_' || c == '='; }

/* On "\n" + text. Only when "---", "***", "___" or "===" occurs, as the Python side does:
   \n[ \t]*(?:[-*_=][ \t]*){3,}(?=\n|\Z) -> newlines */
static void mask_rules(Py_UCS4 *t, Py_ssize_t n) {
    int present = 0;
    for (Py_ssize_t i = 0; i + 2 < n; i++) {
        if (is_rule_mark(t[i]) && t[i + 1] == t[i] && t[i + 2] == t[i]) {
            present = 1;
            break;
        }
    }
    if (!present) {
        return;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        if (t[k] != '\n') {
            continue;
        }
        Py_ssize_t j = k + 1;
        while (j < n && (t[j] == ' ' || t[j] == '\t')) {
            j++;
        }
        int marks = 0;
        while (j < n && is_rule_mark(t[j])) {
            marks++;
            j++;
            while (j < n && (t[j] == ' ' || t[j] == '\t')) {
                j++;
            }
        }
        if (marks >= 3 && (j == n || t[j] == '\n')) {
            fill(t, k, j, '\n');
            k = j - 1;
        }
    }
}

static inline int is_bullet(Py_UCS4 c) {
    return c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0x25CF || c == 0x25AA || c == 0x25E6 ||
           c == 0x2023 || c == 0x2043;
}

/* On "\n" + text: \n[ \t>]*(?:[-*+•●▪◦‣⁃]|\d{1,3}[.)]|#{1,6})(?=[ \t]) -> newlines */
static void mask_block_starts(Py_UCS4 *t, Py_ssize_t n) {
    for (Py_ssize_t k = 0; k < n; k++) {
        if (t[k] != '\n') {
            continue;
        }
        Py_ssize_t j = k + 1;
        while (j < n && (t[j] == ' ' || t[j] == '\t' || t[j] == '>')) {
            j++;
        }
        if (j >= n) {
            continue;
        }
        Py_ssize_t end = -1;
        if (is_bullet(t[j])) {
            end = j + 1;
        } else if (Py_UNICODE_ISDECIMAL(t[j])) {
            Py_ssize_t d = j;
            while (d < n && d - j < 3 && Py_UNICODE_ISDECIMAL(t[d])) {
                d++;
            }
            if (d < n && (t[d] == '.' || t[d] == ')')) {
                end = d + 1;
            }
        } else if (t[j] == '#') {
            Py_ssize_t d = j;
            while (d < n && d - j < 6 && t[d] == '#') {
                d++;
            }
            end = d;
        }
        if (end > 0 && end < n && (t[end] == ' ' || t[end] == '\t')) {
            fill(t, k, end, '\n');
            k = end - 1;
        }
    }
}

/* \]\([^()\s]*(?:\s+"[^"]*")?\) -> spaces; "|" counts as white space (it is a line break by now) */
static inline int is_space_or_pipe(Py_UCS4 c) { return c == '|' || is_space(c); }

static void mask_link_targets(Py_UCS4 *t, Py_ssize_t n) {
    Py_ssize_t i = 0;
    while (i + 1 < n) {
        if (t[i] == ']' && t[i + 1] == '(') {
            Py_ssize_t j = i + 2;
            while (j < n && t[j] != '(' && t[j] != ')' && !is_space_or_pipe(t[j])) {
                j++;
            }
            Py_ssize_t end = -1;
            if (j < n && t[j] == ')') {
                end = j + 1;
            } else if (j < n && is_space_or_pipe(t[j])) {
                Py_ssize_t k = j;
                while (k < n && is_space_or_pipe(t[k])) {
                    k++;
                }
                if (k < n && t[k] == '"') {
                    k++;
                    while (k < n && t[k] != '"') {
                        k++;
                    }
                    if (k + 1 < n && t[k + 1] == ')') {
                        end = k + 2;
                    }
                }
            }
            if (end > 0) {
                fill(t, i, end, ' ');
                i = end;
                continue;
            }
        }
        i++;
    }
}

/* What a text holds, found while it is copied, so that the masking steps with nothing to do
   are skipped: each step below does the same work whether or not it is skipped. */
enum {
    S_HTML = 1,   /* "<" or "&" */
    S_URL = 2,    /* "//" or "ww." */
    S_EMAIL = 4,  /* "@" */
    S_RULE = 8,   /* "---", "***", "___" or "===" */
    S_LINK = 16,  /* "](" */
};

#define SURVEY_COPY(TYPE)                                                                   \
    do {                                                                                    \
        const TYPE *data = (const TYPE *)PyUnicode_DATA(source);                            \
        for (Py_ssize_t i = 0; i < n; i++) {                                                \
            Py_UCS4 c = data[i];                                                            \
            t[i] = c;                                                                       \
            if (c >= 128 || !survey_marks[c]) {                                             \
                before = previous;                                                          \
                previous = c;                                                               \
                continue;                                                                   \
            }                                                                               \
            if (c == '<' || c == '&') {                                                     \
                seen |= S_HTML;                                                             \
            } else if (c == '@') {                                                          \
                seen |= S_EMAIL;                                                            \
            } else if (c == previous) {                                                     \
                if (c == '/') {                                                             \
                    seen |= S_URL;                                                          \
                } else if (c == before && (c == '-' || c == '*' || c == '_' || c == '=')) { \
                    seen |= S_RULE;                                                         \
                }                                                                           \
            } else if (c == '.' && previous == 'w' && before == 'w') {                      \
                seen |= S_URL;                                                              \
            } else if (c == '(' && previous == ']') {                                       \
                seen |= S_LINK;                                                             \
            }                                                                               \
            before = previous;                                                              \
            previous = c;                                                                   \
        }                                                                                   \
    } while (0)

/* Copy the text into t (n characters) and say what it holds. */
static int survey_copy(PyObject *source, Py_UCS4 *t, Py_ssize_t n) {
    int seen = 0;
    Py_UCS4 previous = 0, before = 0;
    switch (PyUnicode_KIND(source)) {
    case PyUnicode_1BYTE_KIND:
        SURVEY_COPY(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        SURVEY_COPY(Py_UCS2);
        break;
    default:
        SURVEY_COPY(Py_UCS4);
        break;
    }
    return seen;
}

/* w holds "\n" + text (n + 1 characters); the masked text is w + 1. Two steps of the Python
   side are left to collapse(): "|" becomes a line break, the inline marks *`_[]~\ spaces. */
static void mask_markdown(Py_UCS4 *w, Py_ssize_t n, int seen) {
    Py_UCS4 *t = w + 1;
    if (seen & S_URL) {
        mask_urls(t, n);
    }
    if (seen & S_EMAIL) {
        mask_emails(t, n);
    }
    if (seen & S_RULE) {
        mask_rules(w, n + 1);
    }
    mask_block_starts(w, n + 1);
    if (seen & S_LINK) {
        mask_link_targets(t, n);
    }
}

/* collapse_whitespace: words joined by " ", or by "\n" where the run between them holds two
   line breaks. Also writes each cleaned character lower-cased, and its flags: F_ALNUM (of the
   lower-cased character, as the Python side tests it) and F_WORD (\w, of the character).
   origin[k] is the position in the masked text that cleaned position k maps to. */
static Py_ssize_t collapse(const Py_UCS4 *t, Py_ssize_t n, Py_UCS4 *out, Py_UCS4 *low, uint8_t *flags,
                           Py_ssize_t *origin) {
    Py_ssize_t m = 0, i = 0, word_end = 0;
    int breaks = 0, first = 1;
    while (i < n) {
        Py_UCS4 c = t[i];
        int blank = c < 128 ? ascii_class[c] & C_BLANK : Py_UNICODE_ISSPACE(c);
        if (blank || c == '|') {
            breaks += c == '\n' || c == '|';
            i++;
            continue;
        }
        if (!first) {
            out[m] = low[m] = breaks >= 2 ? '\n' : ' ';
            flags[m] = 0;
            if (origin) {
                origin[m] = word_end;
            }
            m++;
        }
        first = 0;
        breaks = 0;
        for (; i < n; i++) {
            c = t[i];
            if (c < 128) {
                uint8_t cls = ascii_class[c];
                if (cls & C_BLANK || c == '|') {
                    break;
                }
                out[m] = c;
                low[m] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
                flags[m] = (uint8_t)((cls & C_ALNUM ? F_ALNUM : 0) | (cls & C_WORD ? F_WORD : 0));
            } else {
                if (Py_UNICODE_ISSPACE(c)) {
                    break;
                }
                Py_UCS4 l = lower(c);
                out[m] = c;
                low[m] = l;
                flags[m] = (uint8_t)((Py_UNICODE_ISALNUM(l) ? F_ALNUM : 0) | (Py_UNICODE_ISALNUM(c) ? F_WORD : 0));
            }
            if (origin) {
                origin[m] = i;
            }
            m++;
        }
        word_end = i;
    }
    return m;
}

/* classifier.text.looks_like_html: a tag or an entity.
   <(?:/?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|!--)>?|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*); */
static inline int is_ascii_letter(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static inline int is_hex(Py_UCS4 c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int looks_like_html(const Py_UCS4 *t, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        if (t[i] == '<') {
            Py_ssize_t j = i + 1;
            if (starts_with(t, n, j, "!--")) {
                return 1;
            }
            if (j < n && t[j] == '/') {
                j++;
            }
            if (j < n && is_ascii_letter(t[j])) {
                j++;
                while (j < n && t[j] < 128 && ascii_class[t[j]] & C_ALNUM) {
                    j++;
                }
                if (j == n || !is_word(t[j])) { /* \b after the name */
                    return 1;
                }
            }
        } else if (t[i] == '&') {
            Py_ssize_t j = i + 1;
            if (j < n && t[j] == '#') {
                Py_ssize_t k = j + 1;
                while (k < n && Py_UNICODE_ISDECIMAL(t[k])) {
                    k++;
                }
                if (k > j + 1 && k < n && t[k] == ';') {
                    return 1;
                }
                if (j + 1 < n && t[j + 1] == 'x') {
                    k = j + 2;
                    while (k < n && is_hex(t[k])) {
                        k++;
                    }
                    if (k > j + 2 && k < n && t[k] == ';') {
                        return 1;
                    }
                }
            } else if (j < n && is_ascii_letter(t[j])) {
                Py_ssize_t k = j;
                while (k < n && is_ascii_letter(t[k])) {
                    k++;
                }
                while (k < n && Py_UNICODE_ISDECIMAL(t[k])) {
                    k++;
                }
                if (k < n && t[k] == ';') {
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* -- words (classifier.skills.term_columns) ---------------------------------------------- */

#define FNV_OFFSET 14695981039346656037ull /* FNV_PRIME: above */

static inline uint64_t fnv_step(uint64_t h, Py_UCS4 c) { return (h ^ (uint64_t)c) * FNV_PRIME; }

/* A pair's hash from its two tokens' hashes (boost's hash_combine, then splitmix64's finaliser so
   that the table's low bits and the filter's high bits both depend on every bit of both). */
static inline uint64_t pair_hash(uint64_t first, uint64_t second) {
    uint64_t h = first ^ (second + 0x9e3779b97f4a7c15ull + (first << 6) + (first >> 2));
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

static inline size_t word_slot(uint64_t h, size_t mask) { return (size_t)(h ^ (h >> 31)) & mask; }

static inline size_t word_filter_bit(uint64_t h, int log2) { return (size_t)(h >> (64 - log2)); }

static inline int32_t word_find(const MatcherObject *self, uint64_t h) {
    if (h == 0) {
        h = 1;
    }
    size_t bit = word_filter_bit(h, self->word_filter_log2);
    if (!(self->word_filter[bit >> 6] >> (bit & 63) & 1)) {
        return -1;
    }
    for (size_t i = word_slot(h, self->word_mask);; i = (i + 1) & self->word_mask) {
        const struct WordSlot *slot = &self->word_slots[i];
        if (slot->hash == h) {
            return slot->column;
        }
        if (slot->hash == 0) {
            return -1;
        }
    }
}

/* set_words([(term, column), ...]): the terms scan(words=True) looks up. */
static PyObject *Matcher_set_words(MatcherObject *self, PyObject *terms) {
    if (!PyList_Check(terms)) {
        PyErr_SetString(PyExc_TypeError, "set_words() takes a list of (term, column) pairs");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(terms);
    size_t capacity = 16; /* at most three in four slots taken: the filter turns most misses away first */
    while (capacity < (size_t)count + (size_t)count / 3 + 1) {
        capacity *= 2;
    }
    int filter_log2 = 9; /* at least 512 bits, and 8 or more per term */
    while (((size_t)1 << filter_log2) < (size_t)count * 8) {
        filter_log2++;
    }
    struct WordSlot *slots = PyMem_Calloc(capacity, sizeof(struct WordSlot));
    uint64_t *filter = PyMem_Calloc(((size_t)1 << filter_log2) / 64, sizeof(uint64_t));
    if (slots == NULL || filter == NULL) {
        PyMem_Free(slots);
        PyMem_Free(filter);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *pair = PyList_GET_ITEM(terms, k);
        PyObject *term;
        long column;
        if (!PyTuple_Check(pair) || !PyArg_ParseTuple(pair, "Ul", &term, &column) || column < 0 ||
            column > INT32_MAX) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "set_words() takes (str, column >= 0) pairs");
            }
            PyMem_Free(slots);
            PyMem_Free(filter);
            return NULL;
        }
        int kind = PyUnicode_KIND(term);
        const void *data = PyUnicode_DATA(term);
        uint64_t h = FNV_OFFSET, first = 0;
        int two_tokens = 0;
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(term); j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j);
            if (c == ' ' && !two_tokens) { /* a pair of tokens: hashed as find_words hashes it */
                first = h;
                h = FNV_OFFSET;
                two_tokens = 1;
                continue;
            }
            h = fnv_step(h, c);
        }
        if (two_tokens) {
            h = pair_hash(first, h);
        }
        if (h == 0) {
            h = 1;
        }
        size_t i = word_slot(h, capacity - 1);
        while (slots[i].hash != 0 && slots[i].hash != h) {
            i = (i + 1) & (capacity - 1);
        }
        if (slots[i].hash == h) {
            PyMem_Free(slots);
            PyMem_Free(filter);
            PyErr_Format(PyExc_ValueError, "set_words(): term %R repeats or shares a hash with another", term);
            return NULL;
        }
        slots[i].hash = h;
        slots[i].column = (int32_t)column;
        size_t bit = word_filter_bit(h, filter_log2);
        filter[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    PyMem_Free(self->word_slots);
    PyMem_Free(self->word_filter);
    self->word_slots = slots;
    self->word_mask = capacity - 1;
    self->word_filter = filter;
    self->word_filter_log2 = filter_log2;
    self->word_count = count;
    Py_RETURN_NONE;
}

typedef struct {
    int32_t *items;
    Py_ssize_t count, capacity;
} ColumnList;

static int column_add(ColumnList *list, int32_t column) {
    if (list->count == list->capacity) {
        Py_ssize_t capacity = list->capacity ? list->capacity * 2 : 256;
        int32_t *items = PyMem_RawRealloc(list->items, (size_t)capacity * sizeof(int32_t));
        if (items == NULL) {
            return -1;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = column;
    return 0;
}

/* Sort non-negative columns ascending: least-significant-byte radix sort, one pass per byte the
   largest column needs (two for a 50,000-term vocabulary); several times faster than qsort here. */
static int sort_columns(int32_t *items, Py_ssize_t n) {
    if (n < 2) {
        return 0;
    }
    int32_t largest = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        largest = items[k] > largest ? items[k] : largest;
    }
    int32_t *spare = PyMem_RawMalloc((size_t)n * sizeof(int32_t));
    if (spare == NULL) {
        return -1;
    }
    int32_t *from = items, *to = spare;
    for (int shift = 0; shift < 32 && (largest >> shift) > 0; shift += 8) {
        Py_ssize_t start[257] = {0};
        for (Py_ssize_t k = 0; k < n; k++) {
            start[((uint32_t)from[k] >> shift & 0xFF) + 1]++;
        }
        for (int b = 0; b < 256; b++) {
            start[b + 1] += start[b];
        }
        for (Py_ssize_t k = 0; k < n; k++) {
            to[start[(uint32_t)from[k] >> shift & 0xFF]++] = from[k];
        }
        int32_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != items) {
        memcpy(items, from, (size_t)n * sizeof(int32_t));
    }
    PyMem_RawFree(spare);
    return 0;
}

/* How many lookups ahead find_words() asks for the filter word and the slot of a hash. */
#define LOOKUP_AHEAD 8

/* Runs without the GIL. Tokens are the runs of two or more alphanumerics of the lower-cased
   cleaned text; each token is looked up, then the pair "previous token" + " " + token.
   First every token's and pair's hash, then the lookups, each one's filter word and table slot
   asked for LOOKUP_AHEAD lookups before it is needed: the table (two megabytes for 90,000 terms)
   does not fit a core's cache, and one lookup after another would wait on memory each time. */
static int find_words(const MatcherObject *self, const Py_UCS4 *low, const uint8_t *flags, Py_ssize_t m,
                      ColumnList *out) {
    if (self->word_count == 0 || m < 2) {
        return 0;
    }
    /* a token takes two characters and a separator but the last: at most (m + 1) / 3 tokens, and
       as many pairs */
    uint64_t *hashes = PyMem_RawMalloc((size_t)(2 * ((m + 1) / 3) + 2) * sizeof(uint64_t));
    if (hashes == NULL) {
        return -1;
    }
    Py_ssize_t count = 0;
    uint64_t previous = 0;
    int has_previous = 0;
    Py_ssize_t p = 0;
    while (p < m) {
        if (!(flags[p] & F_ALNUM)) {
            p++;
            continue;
        }
        Py_ssize_t start = p;
        uint64_t unigram = FNV_OFFSET;
        for (; p < m && flags[p] & F_ALNUM; p++) {
            unigram = fnv_step(unigram, low[p]);
        }
        if (p - start < 2) {
            continue;
        }
        hashes[count++] = unigram;
        if (has_previous) {
            hashes[count++] = pair_hash(previous, unigram);
        }
        previous = unigram;
        has_previous = 1;
    }
    const int filter_log2 = self->word_filter_log2;
    const size_t mask = self->word_mask;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (k + LOOKUP_AHEAD < count) {
            uint64_t ahead = hashes[k + LOOKUP_AHEAD];
            __builtin_prefetch(&self->word_filter[word_filter_bit(ahead, filter_log2) >> 6]);
            __builtin_prefetch(&self->word_slots[word_slot(ahead, mask)]);
        }
        int32_t column = word_find(self, hashes[k]);
        if (column >= 0 && column_add(out, column) < 0) {
            PyMem_RawFree(hashes);
            return -1;
        }
    }
    PyMem_RawFree(hashes);
    /* sorted, so the count matrix needs no sort of its own (scipy sums the runs of equal columns) */
    return sort_columns(out->items, out->count);
}

/* -- matching (classifier.skills.SkillMatcher._reference_scan) --------------------------- */

typedef struct {
    Py_ssize_t start, end;
    int32_t value;
    int flags;
} Found;

static inline Py_ssize_t version_end(const Py_UCS4 *low, Py_ssize_t m, Py_ssize_t v) {
    /* [0-9]+(?:\.[0-9]+)* from v, which holds a digit */
    while (v < m && is_ascii_digit(low[v])) {
        v++;
    }
    while (v + 1 < m && low[v] == '.' && is_ascii_digit(low[v + 1])) {
        v++;
        while (v < m && is_ascii_digit(low[v])) {
            v++;
        }
    }
    return v;
}

/* better candidate: longer; at equal end an exact alias before a versioned one, then a
   case-insensitive alias before a strict one */
static inline int better(Py_ssize_t end, int rank, Py_ssize_t best_end, int best_rank) {
    return end > best_end || (end == best_end && rank < best_rank);
}

typedef struct {
    Found *items;
    Py_ssize_t count, capacity;
} FoundList;

static int found_add(FoundList *list, Py_ssize_t start, Py_ssize_t end, int32_t value, int flags) {
    if (list->count == list->capacity) {
        Py_ssize_t capacity = list->capacity ? list->capacity * 2 : 64;
        Found *items = PyMem_RawRealloc(list->items, (size_t)capacity * sizeof(Found));
        if (items == NULL) {
            return -1; /* runs without the GIL: the caller raises MemoryError */
        }
        list->items = items;
        list->capacity = capacity;
    }
    Found *item = &list->items[list->count++];
    item->start = start;
    item->end = end;
    item->value = value;
    item->flags = flags;
    return 0;
}

/* A role noun right after a match (after a space or a hyphen, or none) makes it part of a role name
   ("Senior Java Developer", "DevOps engineers"): the match names a job, not a skill, and is dropped
   (its characters stay taken). The same list as classifier.skills.ROLE_NOUNS. */
static const char *const role_nouns[] = {"developer",  "engineer", "programmer", "architect",
                                         "administrator", "consultant", "specialist", "designer",
                                         "tester",     "analyst",  "scientist",  NULL};

static int role_follows(const Py_UCS4 *low, const uint8_t *flags, Py_ssize_t m, Py_ssize_t end) {
    Py_ssize_t q = end;
    if (q < m && (low[q] == ' ' || low[q] == '-')) {
        q++;
    }
    if (q >= m || low[q] < 'a' || low[q] > 'z') {
        return 0;
    }
    for (int k = 0; role_nouns[k] != NULL; k++) {
        const char *noun = role_nouns[k];
        Py_ssize_t j = 0;
        while (noun[j] != '\0' && q + j < m && low[q + j] == (Py_UCS4)(unsigned char)noun[j]) {
            j++;
        }
        if (noun[j] != '\0') {
            continue;
        }
        Py_ssize_t after = q + j;
        if (after < m && low[after] == 's') {
            after++;
        }
        if (after >= m || !(flags[after] & F_ALNUM)) {
            return 1;
        }
    }
    return 0;
}

/* Runs without the GIL. */
static int find_all(MatcherObject *self, const Py_UCS4 *text, const Py_UCS4 *low, const uint8_t *flags, Py_ssize_t m,
                    FoundList *found) {
    const uint8_t *code = self->code;
    Py_ssize_t p = 0;
    const int has_folded = self->folded.nodes > 1, has_strict = self->strict.nodes > 1;
    while (p < m) {
        Py_ssize_t best_end = -1;
        int best_rank = 99;
        int32_t best_value = -1;
        int best_flags = 0;
        /* case-insensitive keys: the left boundary fails only between two alphanumerics */
        if (has_folded && low[p] < 128 && self->starts_folded[low[p]] &&
            !(p > 0 && flags[p - 1] & flags[p] & F_ALNUM) &&
            (!(flags[p] & F_ALNUM) || word_may_start_key(self, low, flags, m, p))) {
            const Trie *trie = &self->folded;
            int32_t node = 0;
            for (Py_ssize_t q = p; q < m && (node = trie_step(trie, code, low[q], node)) != 0; q++) {
                if (!(trie->slot[node].check & TERMINAL)) {
                    continue;
                }
                Py_ssize_t end = q + 1, length = end - p;
                int versioned = 0, ok = 1;
                if (end < m) {
                    Py_UCS4 next = low[end];
                    if ((flags[end] & F_ALNUM)) {
                        if (!is_ascii_digit(next) || length < 2) {
                            ok = !(flags[q] & F_ALNUM);
                        } else {
                            end = version_end(low, m, end);
                            versioned = 1;
                            ok = !(end < m && (flags[end] & F_ALNUM));
                        }
                    } else if ((next == '+' || next == '#') && (flags[q] & F_ALNUM)) {
                        ok = 0;
                    } else if (next == '.' && end + 1 < m && (flags[end + 1] & F_ALNUM) && (flags[q] & F_ALNUM)) {
                        ok = 0;
                    }
                }
                if (ok && better(end, versioned ? 2 : 0, best_end, best_rank)) {
                    best_end = end;
                    best_rank = versioned ? 2 : 0;
                    best_value = trie->ends[node];
                    best_flags = versioned ? FLAG_VERSIONED : 0;
                }
            }
        }
        /* strict keys: case-sensitive, (?<![\w.#+]) before and (?![\w#+]|\.\w) after */
        if (has_strict && text[p] < 128 && self->starts_strict[text[p]] &&
            !(p > 0 && (flags[p - 1] & F_WORD || text[p - 1] == '.' || text[p - 1] == '#' || text[p - 1] == '+'))) {
            const Trie *trie = &self->strict;
            int32_t node = 0;
            Py_ssize_t longest = -1;
            int32_t longest_value = -1;
            for (Py_ssize_t q = p; q < m && (node = trie_step(trie, code, text[q], node)) != 0; q++) {
                if (!(trie->slot[node].check & TERMINAL)) {
                    continue;
                }
                Py_ssize_t end = q + 1;
                if (end < m && (flags[end] & F_WORD || text[end] == '#' || text[end] == '+')) {
                    continue;
                }
                if (end + 1 < m && text[end] == '.' && flags[end + 1] & F_WORD) {
                    continue;
                }
                longest = end;
                longest_value = trie->ends[node];
            }
            if (longest >= 0 && better(longest, 1, best_end, best_rank)) {
                best_end = longest;
                best_rank = 1;
                best_value = longest_value;
                best_flags = FLAG_STRICT;
            }
        }
        if (best_end >= 0) {
            if (!(self->anchor[best_value] & DROP) && !role_follows(low, flags, m, best_end) &&
                found_add(found, p, best_end, best_value, best_flags) < 0) {
                return -1;
            }
            p = best_end;
        } else if (flags[p] & F_ALNUM) {
            /* no key starts inside a word: both boundaries before such a start fail */
            for (p++; p < m && flags[p] & F_ALNUM; p++) {
            }
        } else {
            p++;
        }
    }
    return 0;
}

/* match_type(name, category, start, end, text[start:end]) */
/* -- strict rules (classifier.skills.SkillMatcher._keep_strict) -------------------------- */

/* Characters outside ASCII that re.IGNORECASE may match with an ASCII letter (İ ı ſ K). */
static inline int folds_to_ascii(Py_UCS4 c) { return c == 0x130 || c == 0x131 || c == 0x17f || c == 0x212a; }

/* Counts and checks a list of (pieces, edge) veto words; with pieces != NULL, also copies them. */
static int take_words(MatcherObject *self, PyObject *words, const char *what, Py_ssize_t *n_words,
                      Py_ssize_t *n_pieces, Py_ssize_t *n_chars, int fill) {
    if (!PyList_Check(words)) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of (pieces, edge) pairs", what);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyTuple_Check(word) || PyTuple_GET_SIZE(word) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(word, 0)) ||
            PyTuple_GET_SIZE(PyTuple_GET_ITEM(word, 0)) == 0) {
            PyErr_Format(PyExc_TypeError, "%s must be a list of (pieces, edge) pairs, pieces a non-empty tuple",
                         what);
            return -1;
        }
        int edge = PyObject_IsTrue(PyTuple_GET_ITEM(word, 1));
        if (edge < 0) {
            return -1;
        }
        PyObject *pieces = PyTuple_GET_ITEM(word, 0);
        if (fill) {
            VetoWord *w = &self->veto_words[*n_words];
            w->first = *n_pieces;
            w->count = PyTuple_GET_SIZE(pieces);
            w->edge = edge;
        }
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(pieces); j++) {
            PyObject *piece = PyTuple_GET_ITEM(pieces, j);
            if (!PyUnicode_Check(piece) || PyUnicode_GET_LENGTH(piece) == 0) {
                PyErr_Format(PyExc_TypeError, "%s: each piece must be a non-empty string", what);
                return -1;
            }
            Py_ssize_t length = PyUnicode_GET_LENGTH(piece);
            for (Py_ssize_t k = 0; k < length; k++) {
                Py_UCS4 c = PyUnicode_READ_CHAR(piece, k);
                if (folds_to_ascii(c)) {
                    PyErr_Format(PyExc_ValueError, "%s: a piece holds U+%04X, which case folding matches with "
                                 "an ASCII letter", what, (unsigned)c);
                    return -1;
                }
                if (fill) {
                    self->rule_chars[*n_chars + k] = c;
                }
            }
            if (fill) {
                self->pieces[*n_pieces] = (Piece){*n_chars, length};
            }
            (*n_pieces)++;
            *n_chars += length;
        }
        (*n_words)++;
    }
    return 0;
}

/* Counts and checks (fill 0), then copies (fill 1), every rule. */
static int take_rules(MatcherObject *self, PyObject *rules, Py_ssize_t *n_words, Py_ssize_t *n_pieces,
                      Py_ssize_t *n_chars, int fill) {
    *n_words = *n_pieces = *n_chars = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(rules); i++) {
        PyObject *rule = PyList_GET_ITEM(rules, i);
        if (!PyTuple_Check(rule) || PyTuple_GET_SIZE(rule) != 4 || !PyLong_Check(PyTuple_GET_ITEM(rule, 0)) ||
            !PyList_Check(PyTuple_GET_ITEM(rule, 3))) {
            PyErr_SetString(PyExc_TypeError, "each rule must be (value, not_followed_by, not_preceded_by, cues)");
            return -1;
        }
        Py_ssize_t value = PyLong_AsSsize_t(PyTuple_GET_ITEM(rule, 0));
        if (value == -1 && PyErr_Occurred()) {
            return -1;
        }
        if (value < 0 || value >= self->values) {
            PyErr_Format(PyExc_ValueError, "rule value %zd is not a key value (0 to %zd)", value, self->values - 1);
            return -1;
        }
        StrictRule *r = fill ? &self->rules[value] : NULL;
        if (fill) {
            r->set = 1;
            r->after_first = *n_words;
        }
        if (take_words(self, PyTuple_GET_ITEM(rule, 1), "not_followed_by", n_words, n_pieces, n_chars, fill) < 0) {
            return -1;
        }
        if (fill) {
            r->after_count = *n_words - r->after_first;
            r->before_first = *n_words;
        }
        if (take_words(self, PyTuple_GET_ITEM(rule, 2), "not_preceded_by", n_words, n_pieces, n_chars, fill) < 0) {
            return -1;
        }
        PyObject *cues = PyTuple_GET_ITEM(rule, 3);
        if (fill) {
            r->before_count = *n_words - r->before_first;
            r->cue_first = *n_pieces;
            r->cue_count = PyList_GET_SIZE(cues);
        }
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(cues); j++) {
            PyObject *cue = PyList_GET_ITEM(cues, j);
            if (!PyUnicode_Check(cue)) {
                PyErr_SetString(PyExc_TypeError, "cues must be strings");
                return -1;
            }
            Py_ssize_t length = PyUnicode_GET_LENGTH(cue);
            if (fill) {
                for (Py_ssize_t k = 0; k < length; k++) {
                    self->rule_chars[*n_chars + k] = PyUnicode_READ_CHAR(cue, k);
                }
                self->pieces[*n_pieces] = (Piece){*n_chars, length};
            }
            (*n_pieces)++;
            *n_chars += length;
        }
    }
    return 0;
}

static PyObject *Matcher_set_strict_rules(MatcherObject *self, PyObject *args) {
    PyObject *rules;
    Py_ssize_t reach;
    if (!PyArg_ParseTuple(args, "On", &rules, &reach)) {
        return NULL;
    }
    if (self->anchor == NULL) {
        PyErr_SetString(PyExc_ValueError, "Matcher was not initialised");
        return NULL;
    }
    if (rules == Py_None) {
        rules_free(self);
        Py_RETURN_NONE;
    }
    if (!PyList_Check(rules) || reach < 0) {
        PyErr_SetString(PyExc_TypeError, "set_strict_rules(rules: list or None, reach: int >= 0)");
        return NULL;
    }
    Py_ssize_t n_words, n_pieces, n_chars;
    if (take_rules(self, rules, &n_words, &n_pieces, &n_chars, 0) < 0) {
        return NULL;
    }
    rules_free(self);
    self->rules = PyMem_Calloc((size_t)self->values, sizeof(StrictRule));
    self->veto_words = PyMem_Malloc((size_t)(n_words + 1) * sizeof(VetoWord));
    self->pieces = PyMem_Malloc((size_t)(n_pieces + 1) * sizeof(Piece));
    self->rule_chars = PyMem_Malloc((size_t)(n_chars + 1) * sizeof(Py_UCS4));
    if (self->rules == NULL || self->veto_words == NULL || self->pieces == NULL || self->rule_chars == NULL) {
        rules_free(self);
        return PyErr_NoMemory();
    }
    if (take_rules(self, rules, &n_words, &n_pieces, &n_chars, 1) < 0) {
        rules_free(self);
        return NULL;
    }
    self->reach = reach;
    Py_RETURN_NONE;
}

/* Three-valued results: 1 yes, 0 no, -1 cannot tell here (the caller decides in Python). */
static inline int and3(int a, int b) { return (a == 0 || b == 0) ? 0 : (a == 1 && b == 1) ? 1 : -1; }

static inline int is_gap(Py_UCS4 c) { return c == '-' || is_space(c); } /* [\s-] */

/* Whether text character c matches pattern character p under re.IGNORECASE. */
static inline int same_ignoring_case(Py_UCS4 c, Py_UCS4 p) {
    if (c == p) {
        return 1;
    }
    if (p < 128) {
        if (c < 128) {
            return lower(c) == lower(p);
        }
        return folds_to_ascii(c) && is_ascii_letter(p) ? -1 : 0;
    }
    return c < 128 ? 0 : -1; /* p (not one of folds_to_ascii, set_strict_rules checks) */
}

static int piece_at(const MatcherObject *self, const Py_UCS4 *t, Py_ssize_t pos, Py_ssize_t limit, const Piece *pc) {
    if (pos < 0 || pos + pc->length > limit) {
        return 0;
    }
    int result = 1;
    for (Py_ssize_t k = 0; k < pc->length; k++) {
        int same = same_ignoring_case(t[pos + k], self->rule_chars[pc->offset + k]);
        if (same == 0) {
            return 0;
        }
        if (same < 0) {
            result = -1;
        }
    }
    return result;
}

/* Pieces i.. of an after word from pos: piece [\s-]* piece ... (?!\w), the text ending at limit. */
static int after_word(const MatcherObject *self, const Py_UCS4 *t, Py_ssize_t pos, Py_ssize_t limit,
                      const VetoWord *w, Py_ssize_t i) {
    const Piece *pc = &self->pieces[w->first + i];
    int here = piece_at(self, t, pos, limit, pc);
    if (here == 0) {
        return 0;
    }
    Py_ssize_t next = pos + pc->length;
    int rest = 0;
    if (i + 1 == w->count) {
        rest = (w->edge && next < limit && is_word(t[next])) ? 0 : 1;
    } else {
        for (Py_ssize_t q = next;; q++) {
            int found = after_word(self, t, q, limit, w, i + 1);
            if (found == 1) {
                rest = 1;
                break;
            }
            if (found < 0) {
                rest = -1;
            }
            if (q >= limit || !is_gap(t[q])) {
                break;
            }
        }
    }
    return and3(here, rest);
}

/* Pieces ..i of a before word, piece i ending at end, none starting before lo; (?<!\w) before the first. */
static int before_word(const MatcherObject *self, const Py_UCS4 *t, Py_ssize_t end, Py_ssize_t lo,
                       const VetoWord *w, Py_ssize_t i) {
    const Piece *pc = &self->pieces[w->first + i];
    Py_ssize_t start = end - pc->length;
    if (start < lo) {
        return 0;
    }
    int here = piece_at(self, t, start, end, pc);
    if (here == 0) {
        return 0;
    }
    int rest = 0;
    if (i == 0) {
        rest = (w->edge && start > 0 && is_word(t[start - 1])) ? 0 : 1;
    } else {
        for (Py_ssize_t q = start;; q--) {
            int found = before_word(self, t, q, lo, w, i - 1);
            if (found == 1) {
                rest = 1;
                break;
            }
            if (found < 0) {
                rest = -1;
            }
            if (q <= lo || !is_gap(t[q - 1])) {
                break;
            }
        }
    }
    return and3(here, rest);
}

/* Whether a veto word stands right after ([\s-]* word, within reach) or right before
   (word [\s-]*, within reach) the strict alias at start:end of the cleaned text t (m characters). */
static int strict_vetoed(const MatcherObject *self, const StrictRule *r, const Py_UCS4 *t, Py_ssize_t m,
                         Py_ssize_t start, Py_ssize_t end) {
    int result = 0;
    Py_ssize_t limit = end + self->reach < m ? end + self->reach : m;
    for (Py_ssize_t k = 0; k < r->after_count; k++) {
        const VetoWord *w = &self->veto_words[r->after_first + k];
        for (Py_ssize_t q = end;; q++) {
            int found = after_word(self, t, q, limit, w, 0);
            if (found == 1) {
                return 1;
            }
            if (found < 0) {
                result = -1;
            }
            if (q >= limit || !is_gap(t[q])) {
                break;
            }
        }
    }
    Py_ssize_t lo = start - self->reach > 0 ? start - self->reach : 0;
    for (Py_ssize_t k = 0; k < r->before_count; k++) {
        const VetoWord *w = &self->veto_words[r->before_first + k];
        for (Py_ssize_t e = start;; e--) {
            int found = before_word(self, t, e, lo, w, w->count - 1);
            if (found == 1) {
                return 1;
            }
            if (found < 0) {
                result = -1;
            }
            if (e <= lo || !is_gap(t[e - 1])) {
                break;
            }
        }
    }
    return result;
}

/* Whether a cue (lower-cased) is in low[lo:hi], as `cue in cleaned[lo:hi].lower()` says. The two
   lower-casings agree on every character but U+0130 (str.lower() makes "i" and U+0307 of it) and
   beyond ASCII (final sigma), so a comparison of two characters beyond ASCII is left open. */
static int cue_near(const MatcherObject *self, const StrictRule *r, const Py_UCS4 *t, const Py_UCS4 *low,
                    Py_ssize_t lo, Py_ssize_t hi) {
    int result = 0, dotted = 0;
    for (Py_ssize_t p = lo; p < hi && !dotted; p++) {
        dotted = t[p] == 0x130;
    }
    for (Py_ssize_t k = 0; k < r->cue_count; k++) {
        const Piece *cue = &self->pieces[r->cue_first + k];
        const Py_UCS4 *chars = self->rule_chars + cue->offset;
        Py_ssize_t length = cue->length;
        if (length == 0) {
            return 1;
        }
        if (dotted && chars[0] == 0x307) {
            result = -1; /* str.lower() may start a match inside a lower-cased U+0130 */
        }
        for (Py_ssize_t p = lo; p + length <= hi; p++) {
            if (low[p] != chars[0] && (low[p] < 128 || chars[0] < 128) && t[p] != 0x130) {
                continue; /* the common case: the first character differs */
            }
            int same = 1;
            for (Py_ssize_t j = 0; j < length; j++) {
                Py_UCS4 c = low[p + j], q = chars[j];
                if (t[p + j] == 0x130) {
                    /* str.lower() gives "i" then U+0307 here, which the cue must follow */
                    if (q != 'i' || (j + 1 < length && chars[j + 1] != 0x307)) {
                        same = 0;
                    } else if (j + 1 < length) {
                        same = -1; /* the rest of the cue would be compared one character on */
                    }
                    break;
                }
                if (q >= 128 && c >= 128) {
                    same = -1;
                } else if (c != q) {
                    same = 0;
                    break;
                }
            }
            if (same == 1) {
                return 1;
            }
            if (same < 0) {
                result = -1;
            }
        }
    }
    return result;
}

/* \s*(?:[,/&]\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)\Z over t[from:to]: what stands between two listed items. */
static int list_gap(const Py_UCS4 *t, Py_ssize_t from, Py_ssize_t to) {
    Py_ssize_t p = from;
    while (p < to && is_space(t[p])) {
        p++;
    }
    if (p < to && (t[p] == ',' || t[p] == '/' || t[p] == '&')) {
        p++;
        while (p < to && is_space(t[p])) {
            p++;
        }
        if (p == to) {
            return 1;
        }
    }
    /* then "and" or "or" and white space to the end, after a separator or not */
    if (p + 3 <= to && t[p] == 'a' && t[p + 1] == 'n' && t[p + 2] == 'd') {
        p += 3;
    } else if (p + 2 <= to && t[p] == 'o' && t[p + 1] == 'r') {
        p += 2;
    } else {
        return 0;
    }
    if (p == to || !is_space(t[p])) {
        return 0;
    }
    while (p < to && is_space(t[p])) {
        p++;
    }
    return p == to;
}

/* anchored[k]: a match of an anchor value starts within the window around strict match k. */
static void find_anchored(const MatcherObject *self, const FoundList *found, uint8_t *anchored) {
    Py_ssize_t count = found->count, anchor_from = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        const Found *f = &found->items[k];
        anchored[k] = 0;
        if (!(f->flags & FLAG_STRICT)) {
            continue;
        }
        while (anchor_from < count && found->items[anchor_from].start < f->start - self->window) {
            anchor_from++;
        }
        for (Py_ssize_t j = anchor_from; j < count && found->items[j].start <= f->end + self->window; j++) {
            if (!(found->items[j].flags & FLAG_STRICT) && self->anchor[found->items[j].value] & ANCHOR) {
                anchored[k] = 1;
                break;
            }
        }
    }
}

/* Applies the strict rules to found (as _keep_strict does): keep[k] is 0 for each strict match
   dropped. Returns 1 when decided, 0 when the caller must decide in Python, -1 out of memory.
   anchored[k]: an anchor value's match is near strict match k. Runs without the GIL. */
static int keep_strict(const MatcherObject *self, const FoundList *found, const uint8_t *anchored, const Py_UCS4 *t,
                       const Py_UCS4 *low, Py_ssize_t m, uint8_t *keep) {
    Py_ssize_t count = found->count, unsupported = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        const Found *f = &found->items[k];
        keep[k] = 1;
        if (!(f->flags & FLAG_STRICT)) {
            continue;
        }
        const StrictRule *r = &self->rules[f->value];
        if (!r->set) {
            return 0;
        }
        int vetoed = strict_vetoed(self, r, t, m, f->start, f->end);
        if (vetoed < 0) {
            return 0;
        }
        if (vetoed) {
            keep[k] = 0;
        } else if (!anchored[k]) {
            Py_ssize_t lo = f->start - self->window > 0 ? f->start - self->window : 0;
            Py_ssize_t hi = f->end + self->window < m ? f->end + self->window : m;
            int cued = cue_near(self, r, t, low, lo, hi);
            if (cued < 0) {
                return 0;
            }
            if (!cued) {
                keep[k] = 2; /* unsupported: kept only when listed with another strict alias */
                unsupported++;
            }
        }
    }
    if (!unsupported) {
        return 1;
    }
    /* strict aliases of different skills listed together ("Go, Rust or C") vouch for each other */
    Py_ssize_t previous = -1;
    for (Py_ssize_t k = 0; k < count; k++) {
        const Found *f = &found->items[k];
        if (!(f->flags & FLAG_STRICT) || keep[k] == 0) {
            continue;
        }
        if (previous >= 0) {
            const Found *g = &found->items[previous];
            if (g->value != f->value && f->start - g->end <= 6 && list_gap(t, g->end, f->start)) {
                keep[previous] = keep[k] = 3; /* listed */
            }
        }
        previous = k;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        keep[k] = keep[k] == 2 ? 0 : keep[k] != 0;
    }
    return 1;
}

static PyObject *make_match(MatcherObject *self, int32_t value, PyObject *source, Py_ssize_t start, Py_ssize_t end) {
    PyObject *label = PyList_GET_ITEM(self->labels, value);
    PyObject *match = self->match_type->tp_alloc(self->match_type, 5);
    if (match == NULL) {
        return NULL;
    }
    PyObject *first = PyLong_FromSsize_t(start), *last = PyLong_FromSsize_t(end);
    PyObject *text = PyUnicode_Substring(source, start, end);
    if (first == NULL || last == NULL || text == NULL) {
        Py_XDECREF(first);
        Py_XDECREF(last);
        Py_XDECREF(text);
        Py_DECREF(match);
        return NULL;
    }
    PyTuple_SET_ITEM(match, 0, Py_NewRef(PyTuple_GET_ITEM(label, 0)));
    PyTuple_SET_ITEM(match, 1, Py_NewRef(PyTuple_GET_ITEM(label, 1)));
    PyTuple_SET_ITEM(match, 2, first);
    PyTuple_SET_ITEM(match, 3, last);
    PyTuple_SET_ITEM(match, 4, text);
    return match;
}

static PyObject *Matcher_scan(MatcherObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"text", "offsets", "html", "words", NULL};
    PyObject *source;
    int offsets = 0, html = 1, words = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|ipp", kwlist, &source, &offsets, &html, &words)) {
        return NULL;
    }
    if (offsets < 0 || offsets > 2 || (offsets == 2 && self->match_type == NULL)) {
        PyErr_SetString(PyExc_ValueError, "offsets: 0, 1, or 2 with labels and match_type");
        return NULL;
    }
    if (self->folded.slot == NULL) {
        PyErr_SetString(PyExc_ValueError, "Matcher was not initialised");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(source);
    PyObject *result = NULL, *cleaned = NULL, *list = NULL, *strict_list = NULL;
    /* one block for w ("\n" + text), out and low; origin and flags beside it */
    Py_UCS4 *w = PyMem_Malloc(((size_t)n * 3 + 1) * sizeof(Py_UCS4));
    Py_ssize_t *origin = offsets ? PyMem_Malloc(((size_t)n + 1) * sizeof(Py_ssize_t)) : NULL;
    uint8_t *flags = PyMem_Malloc((size_t)n + 1);
    FoundList found = {NULL, 0, 0};
    ColumnList columns = {NULL, 0, 0};
    uint8_t *marks = NULL; /* per match: anchored, then whether it is kept (when decided here) */
    if (w == NULL || flags == NULL || (offsets && origin == NULL)) {
        PyErr_NoMemory();
        goto done;
    }
    w[0] = '\n';
    Py_UCS4 *out = w + n + 1, *low = w + 2 * n + 1;
    Py_ssize_t m = 0;
    int is_html = 0, failed = 0, decided = 0;
    /* the text is immutable and the tries are read-only: other threads may run meanwhile */
    Py_BEGIN_ALLOW_THREADS
    int seen = survey_copy(source, w + 1, n);
    if (html && seen & S_HTML && looks_like_html(w + 1, n)) {
        is_html = 1;
    } else {
        mask_markdown(w, n, seen);
        m = collapse(w + 1, n, out, low, flags, origin);
        failed = find_all(self, out, low, flags, m, &found) < 0;
        if (!failed && found.count) {
            /* anchored and keep: two bytes per match */
            marks = PyMem_RawMalloc((size_t)found.count * 2);
            failed = marks == NULL;
            if (!failed) {
                find_anchored(self, &found, marks);
                for (Py_ssize_t k = 0; k < found.count && !decided; k++) {
                    decided = found.items[k].flags & FLAG_STRICT ? -1 : 0;
                }
                /* decided: 1, the strict rules were applied here; 0, no strict match; -1, the caller applies them */
                if (decided && self->rules != NULL) {
                    decided = keep_strict(self, &found, marks, out, low, m, marks + found.count) ? 1 : -1;
                }
            }
        }
        if (!failed && words) {
            failed = find_words(self, low, flags, m, &columns) < 0;
        }
    }
    Py_END_ALLOW_THREADS
    if (is_html) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t count = found.count, stricts = 0, reported = count;
    const uint8_t *keep = decided == 1 ? marks + count : NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (keep != NULL) {
            reported -= !keep[k];
        } else {
            stricts += found.items[k].flags & FLAG_STRICT;
        }
    }
    list = PyList_New(reported);
    strict_list = PyList_New(stricts);
    if (list == NULL || strict_list == NULL) {
        goto done;
    }
    if (stricts) {
        cleaned = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, m);
    } else {
        cleaned = Py_NewRef(Py_None);
    }
    if (cleaned == NULL) {
        goto done;
    }
    Py_ssize_t next_strict = 0, next = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *item;
        const Found *f = &found.items[k];
        if (keep != NULL && !keep[k]) {
            continue;
        }
        if (offsets) {
            /* the end maps through the last character: origin[end - 1] + 1 */
            Py_ssize_t start = origin[f->start], end = origin[f->end - 1] + 1;
            if (offsets == 2) {
                item = make_match(self, f->value, source, start, end);
            } else {
                item = Py_BuildValue("(inn)", (int)f->value, start, end);
            }
        } else {
            item = PyLong_FromLong(f->value);
        }
        if (item == NULL) {
            goto done;
        }
        PyList_SET_ITEM(list, next++, item);
        if (keep != NULL || !(f->flags & FLAG_STRICT)) {
            continue;
        }
        PyObject *entry =
            Py_BuildValue("(nnniO)", k, f->start, f->end, (int)f->value, marks[k] ? Py_True : Py_False);
        if (entry == NULL) {
            goto done;
        }
        PyList_SET_ITEM(strict_list, next_strict++, entry);
    }
    if (words) {
        PyObject *packed = PyBytes_FromStringAndSize((const char *)columns.items,
                                                     (Py_ssize_t)(columns.count * (Py_ssize_t)sizeof(int32_t)));
        if (packed == NULL) {
            goto done;
        }
        result = PyTuple_Pack(4, cleaned, list, strict_list, packed);
        Py_DECREF(packed);
    } else {
        result = PyTuple_Pack(3, cleaned, list, strict_list);
    }
done:
    Py_XDECREF(cleaned);
    Py_XDECREF(list);
    Py_XDECREF(strict_list);
    PyMem_Free(w);
    PyMem_Free(origin);
    PyMem_Free(flags);
    PyMem_RawFree(found.items);
    PyMem_RawFree(columns.items);
    PyMem_RawFree(marks);
    return result;
}

/* -- count_terms (classifier.featurecore.count_terms) ------------------------------------ */

/* A slot of the term table: the hash and length beside the id, so a look-up reads one cache line
   before it compares the characters. */
struct TermSlot {
    uint64_t hash;
    int32_t id, length;
    int32_t seen, row; /* the last text the term was seen in, and its entry in that text's row */
};

/* Every distinct term: its characters in a pool, its hash, the id it was first seen with. */
typedef struct {
    Py_UCS4 *pool;
    size_t pool_used, pool_size;
    size_t *offset; /* per id: into pool */
    int32_t *length;
    uint64_t *hash;
    Py_ssize_t count, capacity;
    struct TermSlot *table; /* open addressing; id -1 marks a free slot */
    size_t mask;
} TermTable;

static void terms_free(TermTable *terms) {
    PyMem_RawFree(terms->pool);
    PyMem_RawFree(terms->offset);
    PyMem_RawFree(terms->length);
    PyMem_RawFree(terms->hash);
    PyMem_RawFree(terms->table);
}

static int terms_grow_table(TermTable *terms) {
    size_t size = terms->table == NULL ? 1u << 16 : (terms->mask + 1) * 2;
    struct TermSlot *table = PyMem_RawMalloc(size * sizeof(struct TermSlot));
    if (table == NULL) {
        return -1;
    }
    for (size_t slot = 0; slot < size; slot++) {
        table[slot].id = -1;
    }
    for (size_t old = 0; terms->table != NULL && old <= terms->mask; old++) {
        const struct TermSlot *entry = &terms->table[old];
        if (entry->id < 0) {
            continue;
        }
        size_t slot = (size_t)(entry->hash ^ (entry->hash >> 29)) & (size - 1);
        while (table[slot].id >= 0) {
            slot = (slot + 1) & (size - 1);
        }
        table[slot] = *entry;
    }
    PyMem_RawFree(terms->table);
    terms->table = table;
    terms->mask = size - 1;
    return 0;
}

/* The slot of the term chars[0:length], added when new; NULL out of memory. */
static struct TermSlot *terms_intern(TermTable *terms, const Py_UCS4 *chars, int32_t length) {
    uint64_t h = FNV_BASIS;
    for (int32_t k = 0; k < length; k++) {
        h = hash_step(h, chars[k]);
    }
    if (terms->table == NULL || (size_t)terms->count * 2 >= terms->mask + 1) {
        if (terms_grow_table(terms) < 0) {
            return NULL;
        }
    }
    size_t slot = (size_t)(h ^ (h >> 29)) & terms->mask;
    for (; terms->table[slot].id >= 0; slot = (slot + 1) & terms->mask) {
        struct TermSlot *entry = &terms->table[slot];
        if (entry->hash == h && entry->length == length &&
            memcmp(terms->pool + terms->offset[entry->id], chars, (size_t)length * sizeof(Py_UCS4)) == 0) {
            return entry;
        }
    }
    if (terms->count == terms->capacity) {
        Py_ssize_t capacity = terms->capacity ? terms->capacity * 2 : 1 << 16;
        size_t *offset = PyMem_RawRealloc(terms->offset, (size_t)capacity * sizeof(size_t));
        if (offset == NULL) {
            return NULL;
        }
        terms->offset = offset;
        int32_t *lengths = PyMem_RawRealloc(terms->length, (size_t)capacity * sizeof(int32_t));
        if (lengths == NULL) {
            return NULL;
        }
        terms->length = lengths;
        uint64_t *hashes = PyMem_RawRealloc(terms->hash, (size_t)capacity * sizeof(uint64_t));
        if (hashes == NULL) {
            return NULL;
        }
        terms->hash = hashes;
        terms->capacity = capacity;
    }
    if (terms->pool_used + (size_t)length > terms->pool_size) {
        size_t size = terms->pool_size ? terms->pool_size * 2 : 1 << 20;
        while (size < terms->pool_used + (size_t)length) {
            size *= 2;
        }
        Py_UCS4 *pool = PyMem_RawRealloc(terms->pool, size * sizeof(Py_UCS4));
        if (pool == NULL) {
            return NULL;
        }
        terms->pool = pool;
        terms->pool_size = size;
    }
    int32_t id = (int32_t)terms->count++;
    memcpy(terms->pool + terms->pool_used, chars, (size_t)length * sizeof(Py_UCS4));
    terms->offset[id] = terms->pool_used;
    terms->length[id] = length;
    terms->hash[id] = h;
    terms->pool_used += (size_t)length;
    terms->table[slot] = (struct TermSlot){h, id, length, -1, 0};
    return &terms->table[slot];
}

static const TermTable *sorting_terms; /* qsort has no context argument; count_terms holds the GIL */

static int compare_terms(const void *a, const void *b) {
    const TermTable *terms = sorting_terms;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    const Py_UCS4 *p = terms->pool + terms->offset[x], *q = terms->pool + terms->offset[y];
    int32_t n = terms->length[x] < terms->length[y] ? terms->length[x] : terms->length[y];
    for (int32_t k = 0; k < n; k++) {
        if (p[k] != q[k]) {
            return p[k] < q[k] ? -1 : 1;
        }
    }
    return (terms->length[x] > terms->length[y]) - (terms->length[x] < terms->length[y]);
}

typedef struct {
    int32_t id;
    float count;
} TermCount;

static int compare_counts(const void *a, const void *b) {
    int32_t x = ((const TermCount *)a)->id, y = ((const TermCount *)b)->id;
    return (x > y) - (x < y);
}

static inline int is_re_word(Py_UCS4 c) { return c < 128 ? (ascii_class[c] & C_WORD) != 0 : Py_UNICODE_ISALNUM(c); }

/* count_terms(texts): what scikit-learn's CountVectorizer(lowercase=False, token_pattern=r"(?u)\b\w\w+\b",
   ngram_range=(1, 2), dtype=float32).fit_transform gives, column order and each row's entry order included. */
static PyObject *native_count_terms(PyObject *module, PyObject *texts) {
    if (!PyList_Check(texts)) {
        PyErr_SetString(PyExc_TypeError, "count_terms(texts): a list of str");
        return NULL;
    }
    Py_ssize_t documents = PyList_GET_SIZE(texts);
    for (Py_ssize_t d = 0; d < documents; d++) {
        if (!PyUnicode_Check(PyList_GET_ITEM(texts, d))) {
            PyErr_SetString(PyExc_TypeError, "count_terms(texts): a list of str");
            return NULL;
        }
    }
    TermTable terms = {0};
    int64_t *indptr = PyMem_RawMalloc(((size_t)documents + 1) * sizeof(int64_t));
    TermCount *entries = NULL, *row = NULL;
    size_t entries_used = 0, entries_size = 0, row_size = 0;
    Py_ssize_t *token_start = NULL, *token_end = NULL, tokens_size = 0;
    Py_UCS4 *text = NULL, *pair = NULL;
    size_t text_size = 0, pair_size = 0;
    int32_t *order = NULL, *rank = NULL;
    PyObject *result = NULL, *names = NULL;
    if (indptr == NULL) {
        goto nomemory;
    }
    indptr[0] = 0;
    for (Py_ssize_t d = 0; d < documents; d++) {
        PyObject *source = PyList_GET_ITEM(texts, d);
        Py_ssize_t n = PyUnicode_GET_LENGTH(source);
        if ((size_t)n + 1 > text_size) {
            text_size = (size_t)n + 1 + text_size;
            PyMem_RawFree(text);
            text = PyMem_RawMalloc(text_size * sizeof(Py_UCS4));
            if (text == NULL) {
                goto nomemory;
            }
        }
        if (PyUnicode_AsUCS4(source, text, (Py_ssize_t)text_size, 0) == NULL) {
            goto done;
        }
        /* tokens: runs of two or more \w characters */
        Py_ssize_t tokens = 0;
        for (Py_ssize_t i = 0; i < n;) {
            if (!is_re_word(text[i])) {
                i++;
                continue;
            }
            Py_ssize_t j = i + 1;
            while (j < n && is_re_word(text[j])) {
                j++;
            }
            if (j - i >= 2) {
                if (tokens == tokens_size) {
                    tokens_size = tokens_size ? tokens_size * 2 : 1024;
                    Py_ssize_t *starts = PyMem_RawRealloc(token_start, (size_t)tokens_size * sizeof(Py_ssize_t));
                    if (starts == NULL) {
                        goto nomemory;
                    }
                    token_start = starts;
                    Py_ssize_t *ends = PyMem_RawRealloc(token_end, (size_t)tokens_size * sizeof(Py_ssize_t));
                    if (ends == NULL) {
                        goto nomemory;
                    }
                    token_end = ends;
                }
                token_start[tokens] = i;
                token_end[tokens++] = j;
            }
            i = j;
        }
        /* the unigrams in order, then the bigrams (as CountVectorizer's analyzer yields them) */
        size_t row_used = 0;
        for (Py_ssize_t k = 0; k < 2 * tokens - 1; k++) {
            struct TermSlot *term;
            if (k < tokens) {
                term = terms_intern(&terms, text + token_start[k], (int32_t)(token_end[k] - token_start[k]));
            } else {
                Py_ssize_t a = k - tokens, la = token_end[a] - token_start[a], lb = token_end[a + 1] - token_start[a + 1];
                if ((size_t)(la + lb + 1) > pair_size) {
                    pair_size = (size_t)(la + lb + 1) * 2;
                    PyMem_RawFree(pair);
                    pair = PyMem_RawMalloc(pair_size * sizeof(Py_UCS4));
                    if (pair == NULL) {
                        goto nomemory;
                    }
                }
                memcpy(pair, text + token_start[a], (size_t)la * sizeof(Py_UCS4));
                pair[la] = ' ';
                memcpy(pair + la + 1, text + token_start[a + 1], (size_t)lb * sizeof(Py_UCS4));
                term = terms_intern(&terms, pair, (int32_t)(la + lb + 1));
            }
            if (term == NULL) {
                goto nomemory;
            }
            if (term->seen == (int32_t)d) {
                row[term->row].count += 1.0f;
                continue;
            }
            if (row_used == row_size) {
                row_size = row_size ? row_size * 2 : 1024;
                TermCount *grown = PyMem_RawRealloc(row, row_size * sizeof(TermCount));
                if (grown == NULL) {
                    goto nomemory;
                }
                row = grown;
            }
            term->seen = (int32_t)d;
            term->row = (int32_t)row_used;
            row[row_used++] = (TermCount){term->id, 1.0f};
        }
        /* each row's entries by the order their terms were first seen (CountVectorizer sorts the
           indices before it renumbers the columns in term order) */
        if (row_used == 0) {
            indptr[d + 1] = (int64_t)entries_used;
            continue;
        }
        qsort(row, row_used, sizeof(TermCount), compare_counts);
        if (entries_used + row_used > entries_size) {
            entries_size = (entries_used + row_used) * 2;
            TermCount *grown = PyMem_RawRealloc(entries, entries_size * sizeof(TermCount));
            if (grown == NULL) {
                goto nomemory;
            }
            entries = grown;
        }
        memcpy(entries + entries_used, row, row_used * sizeof(TermCount));
        entries_used += row_used;
        indptr[d + 1] = (int64_t)entries_used;
    }
    /* columns in term order */
    order = PyMem_RawMalloc(((size_t)terms.count + 1) * sizeof(int32_t));
    rank = PyMem_RawMalloc(((size_t)terms.count + 1) * sizeof(int32_t));
    if (order == NULL || rank == NULL) {
        goto nomemory;
    }
    for (Py_ssize_t id = 0; id < terms.count; id++) {
        order[id] = (int32_t)id;
    }
    sorting_terms = &terms;
    if (terms.count) {
        qsort(order, (size_t)terms.count, sizeof(int32_t), compare_terms);
    }
    names = PyList_New(terms.count);
    if (names == NULL) {
        goto done;
    }
    for (Py_ssize_t r = 0; r < terms.count; r++) {
        int32_t id = order[r];
        rank[id] = (int32_t)r;
        PyObject *name =
            PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, terms.pool + terms.offset[id], terms.length[id]);
        if (name == NULL) {
            goto done;
        }
        PyList_SET_ITEM(names, r, name);
    }
    PyObject *indices = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(entries_used * sizeof(int32_t)));
    PyObject *data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(entries_used * sizeof(float)));
    PyObject *pointers = PyBytes_FromStringAndSize((const char *)indptr, (Py_ssize_t)(((size_t)documents + 1) * sizeof(int64_t)));
    if (indices == NULL || data == NULL || pointers == NULL) {
        Py_XDECREF(indices);
        Py_XDECREF(data);
        Py_XDECREF(pointers);
        goto done;
    }
    int32_t *index_out = (int32_t *)PyBytes_AS_STRING(indices);
    float *data_out = (float *)PyBytes_AS_STRING(data);
    for (size_t e = 0; e < entries_used; e++) {
        index_out[e] = rank[entries[e].id];
        data_out[e] = entries[e].count;
    }
    result = Py_BuildValue("(NNNN)", Py_NewRef(names), pointers, indices, data);
    goto done;
nomemory:
    PyErr_NoMemory();
done:
    Py_XDECREF(names);
    terms_free(&terms);
    PyMem_RawFree(indptr);
    PyMem_RawFree(entries);
    PyMem_RawFree(row);
    PyMem_RawFree(token_start);
    PyMem_RawFree(token_end);
    PyMem_RawFree(text);
    PyMem_RawFree(pair);
    PyMem_RawFree(order);
    PyMem_RawFree(rank);
    return result;
}

/* clean(text): the masked and collapsed text, as classifier.text gives it (no HTML step). */
static PyObject *native_clean(PyObject *module, PyObject *source) {
    (void)module;
    if (!PyUnicode_Check(source)) {
        PyErr_SetString(PyExc_TypeError, "clean() takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(source);
    Py_UCS4 *w = PyMem_Malloc(((size_t)n * 3 + 1) * sizeof(Py_UCS4));
    uint8_t *flags = PyMem_Malloc((size_t)n + 1);
    PyObject *result = NULL;
    if (w == NULL || flags == NULL) {
        PyErr_NoMemory();
    } else {
        w[0] = '\n';
        int seen = survey_copy(source, w + 1, n);
        mask_markdown(w, n, seen);
        Py_ssize_t m = collapse(w + 1, n, w + n + 1, w + 2 * n + 1, flags, NULL);
        result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, w + n + 1, m);
    }
    PyMem_Free(w);
    PyMem_Free(flags);
    return result;
}

/* has_cjk(text): does the text hold a character of the scripts written without spaces between words
 * (kana U+3040-30FF, CJK ideographs U+3400-4DBF and U+4E00-9FFF, Hangul syllables U+AC00-D7AF,
 * compatibility ideographs U+F900-FAFF)? The ranges of classifier.skills._CJK; a text of one byte per
 * character holds none, so only wider texts are read. */
static PyObject *native_has_cjk(PyObject *module, PyObject *text) {
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "has_cjk() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_1BYTE_KIND)
        Py_RETURN_FALSE;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 0x3040 && ((c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
                            (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF)))
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyMethodDef module_methods[] = {
    {"has_cjk", (PyCFunction)native_has_cjk, METH_O,
     "has_cjk(text) -> bool: whether the text holds a kana, CJK ideograph or Hangul syllable."},
    {"clean", (PyCFunction)native_clean, METH_O,
     "clean(text) -> str: Markdown masked and white space collapsed, as classifier.text does it."},
    {"count_terms", (PyCFunction)native_count_terms, METH_O,
     "count_terms(texts) -> (terms, indptr, indices, data): every unigram and bigram of each text, as\n"
     "CountVectorizer(lowercase=False, token_pattern=r'(?u)\\b\\w\\w+\\b', ngram_range=(1, 2)) counts them:\n"
     "the terms in order, and the counts as CSR parts (int64, int32 and float32 bytes)."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef Matcher_methods[] = {
    {"scan", (PyCFunction)(void (*)(void))Matcher_scan, METH_VARARGS | METH_KEYWORDS,
     "scan(text, offsets=0, html=True) -> (cleaned, matches, strict)\n\n"
     "matches: the value of each match (offsets=0), (value, start, end) with offsets into text (1),\n"
     "or match_type(name, category, start, end, text[start:end]) (2).\n"
     "strict: (index in matches, start, end, value, anchored) of each strict alias, offsets into\n"
     "the cleaned text, which is given when strict is not empty (else None); with set_strict_rules,\n"
     "empty when scan applied the rules itself (matches then holds only the strict aliases that hold).\n"
     "None instead when html is true and the text looks like HTML: reduce it to text first.\n"
     "words=True adds a fourth item: the columns (int32 bytes, ascending) of the known terms (set_words)."},
    {"set_words", (PyCFunction)Matcher_set_words, METH_O,
     "set_words([(term, column), ...]): the unigrams and bigrams scan(words=True) looks up."},
    {"set_strict_rules", (PyCFunction)Matcher_set_strict_rules, METH_VARARGS,
     "set_strict_rules([(value, not_followed_by, not_preceded_by, cues), ...] or None, reach)\n\n"
     "Lets scan apply the strict aliases' rules as classifier.skills.SkillMatcher._keep_strict does:\n"
     "each veto word is (pieces, edge), its pieces joined by [\\s-]* and matched ignoring case within\n"
     "reach characters after (before) the alias, edge adding (?!\\w) after (?<!\\w) before it; cues\n"
     "are lower-cased. scan then reports only the strict aliases that hold, and an empty strict list,\n"
     "except where a character beyond ASCII leaves the answer to the caller. None: the caller applies them."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject MatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "classifier._native.Matcher",
    .tp_doc = "Matcher(keys, strict, anchors, window): compiled cleaner and leftmost-longest matcher.\n\n"
              "anchors: one byte of flags per key value: 1, a match of it makes a nearby strict alias count;\n"
              "2, a match of it is chosen (hiding the shorter keys it covers) but never reported.",
    .tp_basicsize = sizeof(MatcherObject),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Matcher_init,
    .tp_dealloc = (destructor)Matcher_dealloc,
    .tp_methods = Matcher_methods,
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "classifier._native",
    .m_doc = "Compiled cleaner and matcher; classifier.skills falls back to Python without it.",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__native(void) {
    init_classes();
    if (PyType_Ready(&MatcherType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&native_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&MatcherType);
    if (PyModule_AddObject(module, "Matcher", (PyObject *)&MatcherType) < 0) {
        Py_DECREF(&MatcherType);
        Py_DECREF(module);
        return NULL;
    }
    /* the SHA-256 of the _native.c this was built from (setup.py passes it): tests compare it with the file */
    if (PyModule_AddStringConstant(module, "SOURCE_SHA256", NATIVE_SOURCE_SHA256) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
