// iamtrim/actions.hpp - action patterns, their expansion, and action sets.
//
// IAM matches action names case-insensitively, with '*' (any run of
// characters) and '?' (exactly one) anywhere in the action name; every other
// character is literal. The service prefix takes no wildcard and an action
// has one ':' (IAM rejects "*:Get*", "s3*:GetObject" and "ec2:*:*"). expand_pattern() applies exactly those rules to the
// catalog. ActionSet is a bit set over the catalog's ActionIds, so union,
// intersection, difference and subset tests cost a few hundred word
// operations whatever the sets hold.
//
//   Catalog catalog = Catalog::embedded();
//   PatternMatch m = expand_pattern(catalog, "s3:Get*");
//   ActionSet writes = ...;
//   bool overlap = !(m.actions & writes).empty();
//
// Patterns that match nothing are told apart: an unknown service, an
// unknown action of a known service, a wildcard that matches nothing, and a
// malformed pattern (malformed_reason() says why). Unknown names carry
// suggestions.
//
// ActionSets from different catalogs must not be mixed. Not thread-safe for
// concurrent mutation of one set; distinct sets are independent.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iamtrim/catalog.hpp"
#include "iamtrim/policy.hpp"

namespace iamtrim {

namespace detail {

// The words of an ActionSet: up to kInline of them held in place, more on
// the heap. A pattern's set spans a word or two (a service's actions have
// consecutive ids, sorted by name), so copying one out of the expansion
// cache, or building one, allocates nothing. Only what ActionSet uses.
class SetWords {
 public:
  static constexpr std::size_t kInline = 4;
  SetWords() = default;
  SetWords(const SetWords& o) { copy_from(o); }
  SetWords(SetWords&& o) noexcept { take(o); }
  SetWords& operator=(const SetWords& o) {
    if (this != &o) copy_from(o);
    return *this;
  }
  SetWords& operator=(SetWords&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  ~SetWords() { release(); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint64_t* begin() { return heap_ ? heap_ : inline_; }
  const std::uint64_t* begin() const { return heap_ ? heap_ : inline_; }
  std::uint64_t* end() { return begin() + size_; }
  const std::uint64_t* end() const { return begin() + size_; }
  std::uint64_t& operator[](std::size_t i) { return begin()[i]; }
  std::uint64_t operator[](std::size_t i) const { return begin()[i]; }
  // n copies of `value`, what was held before gone.
  void assign(std::size_t n, std::uint64_t value) {
    reset(n);
    for (std::uint64_t& w : *this) w = value;
  }
  // The words of [first, last), which must not be this set's own.
  void assign(const std::uint64_t* first, const std::uint64_t* last) {
    reset(static_cast<std::size_t>(last - first));
    for (std::uint64_t& w : *this) w = *first++;
  }

 private:
  // Room for n words, their values unset.
  void reset(std::size_t n) {
    if (n > (heap_ ? capacity_ : kInline)) {
      release();
      heap_ = new std::uint64_t[n];
      capacity_ = n;
    }
    size_ = n;
  }
  void copy_from(const SetWords& o) { assign(o.begin(), o.end()); }
  void take(SetWords& o) {
    if (o.heap_) {
      heap_ = o.heap_;
      capacity_ = o.capacity_;
      o.heap_ = nullptr;
      o.capacity_ = 0;
    } else {
      for (std::size_t i = 0; i < o.size_; ++i) inline_[i] = o.inline_[i];
    }
    size_ = o.size_;
    o.size_ = 0;
  }
  void release() {
    delete[] heap_;
    heap_ = nullptr;
    capacity_ = 0;
    size_ = 0;
  }

  std::uint64_t* heap_ = nullptr;
  std::size_t size_ = 0, capacity_ = 0;
  std::uint64_t inline_[kInline];
};

}  // namespace detail

class ActionSet {
 public:
  ActionSet() = default;
  explicit ActionSet(std::size_t universe);
  static ActionSet all(std::size_t universe);
  // The set whose bit (id % 64) of word (id / 64) is set, as
  // Catalog::actions_at_level() gives it.
  static ActionSet from_bits(std::size_t universe, std::span<const std::uint64_t> words);

  std::size_t universe() const { return universe_; }
  void insert(ActionId id);
  void erase(ActionId id);
  bool contains(ActionId id) const;
  void insert_range(ActionId first, ActionId end);
  std::size_t count() const;
  bool empty() const;

  ActionSet& operator|=(const ActionSet& other);
  ActionSet& operator&=(const ActionSet& other);
  ActionSet& operator-=(const ActionSet& other);
  friend ActionSet operator|(ActionSet a, const ActionSet& b) { return a |= b; }
  friend ActionSet operator&(ActionSet a, const ActionSet& b) { return a &= b; }
  friend ActionSet operator-(ActionSet a, const ActionSet& b) { return a -= b; }
  ActionSet complement() const;
  bool is_subset_of(const ActionSet& other) const;
  bool intersects(const ActionSet& other) const;
  friend bool operator==(const ActionSet& a, const ActionSet& b);

  std::vector<ActionId> ids() const;
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t w = 0; w < words_.size(); ++w) {
      std::uint64_t bits = words_[w];
      while (bits) {
        f(static_cast<ActionId>((base_ + w) * 64 + __builtin_ctzll(bits)));
        bits &= bits - 1;
      }
    }
  }

 private:
  // Only the words from base_ on are stored: a pattern's actions lie inside
  // one service, a contiguous id range, so most sets are a few words long
  // and building one per pattern costs next to nothing.
  std::uint64_t word(std::size_t index) const {
    return index >= base_ && index - base_ < words_.size() ? words_[index - base_] : 0;
  }
  void cover(std::size_t first_word, std::size_t last_word);
  std::size_t universe_ = 0;
  std::size_t base_ = 0;
  detail::SetWords words_;
};

// IAM wildcard match: ASCII case-insensitive, '*' and '?' special, all else literal.
bool wildcard_match(std::string_view pattern, std::string_view text);
// The same, case-sensitive: how IAM compares resource ARNs and most
// condition values.
bool wildcard_match_exact(std::string_view pattern, std::string_view text);
bool has_wildcard(std::string_view text);

enum class MatchStatus {
  Matched,         // at least one catalog action
  UnknownService,  // literal service prefix not in the catalog
  UnknownAction,   // known service, literal action not in it
  NoMatch,         // a wildcard that matches no catalog action
  Malformed,       // not "service:action": no ':', an empty part, a wildcard
                   // in the service prefix or a second ':' (IAM rejects these)
};
std::string_view to_string(MatchStatus status);

// Why IAM rejects `pattern` as an action ("IAM allows no wildcard in the
// service prefix", ...), or "" when it is well-formed. "*" alone is valid.
std::string_view malformed_reason(std::string_view pattern);

struct PatternMatch {
  MatchStatus status = MatchStatus::Malformed;
  ActionSet actions;
  std::vector<std::string> suggestions;  // nearest real names, best first
};

PatternMatch expand_pattern(const Catalog& catalog, std::string_view pattern);

// Expansion cache. expand_pattern() (and so expand_statement() and
// granted_actions(), which lint, narrow and expand use) remembers the match
// of each distinct pattern string per catalog: the AWS managed policies
// hold 59,155 patterns but 16,558 distinct ones. Keys are the pattern
// exactly as written, so "s3:get*" and "S3:Get*" are two entries with equal
// results; the matching itself stays case-insensitive as above.
// Thread-safe (lint expands files on several threads). Memory is bounded:
// the cache never holds more than its limit of entries; when a part of it
// is full, that part (a sixteenth) is emptied and refilled.
inline constexpr std::size_t kExpansionCacheLimit = 32768;
struct ExpansionCacheStats {
  std::uint64_t hits = 0;    // expand_pattern() calls answered from the cache
  std::uint64_t misses = 0;  // calls that expanded (and stored) the pattern
  std::size_t entries = 0;   // patterns held now
  std::size_t limit = 0;     // the most it holds; 0: the cache is off
};
ExpansionCacheStats expansion_cache_stats();
// Empties the cache, zeroes its counters and sets its limit (0 turns it
// off). Not meant to race with expand_pattern(): call it before the work.
void configure_expansion_cache(std::size_t limit = kExpansionCacheLimit);
// expand_pattern() without the cache.
PatternMatch expand_pattern_uncached(const Catalog& catalog, std::string_view pattern);

// Up to `limit` catalog names nearest to a mistyped service prefix or action.
std::vector<std::string> suggest(const Catalog& catalog, std::string_view name,
                                 std::size_t limit = 3);
// "Did you mean" over any list of names (subcommands, options, rule codes
// and slugs): up to `limit` candidates within a typo's reach of `name`
// (case-insensitive edit distance, a transposition counting as one edit),
// nearest first, then candidates that contain `name` ("pass-role" ->
// "pass-role-on-star"). An exact match is not a suggestion.
std::vector<std::string> nearest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t limit = 3);

// What one statement's Action or NotAction element covers.
struct StatementActions {
  // The actions the statement applies to: the union of the patterns for
  // Action, the catalog minus that union for NotAction.
  ActionSet actions;
  std::vector<PatternMatch> matches;  // one per item of the element, in order
  bool has_opaque = false;            // an item is computed: the set is a lower bound
  bool present = false;               // the statement has Action or NotAction
};
StatementActions expand_statement(const Catalog& catalog, const Statement& statement);

// The first `at_most` actions of `set` by full name, comma-separated, then
// ", ... (N in all)" when there are more: for messages about a set.
std::string action_names(const Catalog& catalog, const ActionSet& set, std::size_t at_most = 5);

// What a policy's Allow statements grant, conditions and resources aside:
// the union of their Action sets (the catalog minus the list for
// NotAction). `unknown`, when given, receives every pattern as written that
// matches no action of the catalog (a typo, or an action newer than it).
ActionSet granted_actions(const Catalog& catalog, const Policy& policy, std::vector<std::string>* unknown = nullptr);

}  // namespace iamtrim
