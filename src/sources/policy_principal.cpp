#include "iamtrim/sources.hpp"

namespace iamtrim {

std::string PolicyPrincipal::label() const {
  const std::string maybe = via.empty() ? "" : (name.empty() ? "; " : ", ") + via;
  if (name.empty()) return address + " (" + unknown_because + maybe + ")";
  const std::string id = type + "/" + name;
  if (address.empty() || address == id) return maybe.empty() ? id : id + " (" + via + ")";
  return id + " (" + address + maybe + ")";
}

}  // namespace iamtrim
