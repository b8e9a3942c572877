#include "iamtrim/sources.hpp"

namespace iamtrim {

std::string PolicyPrincipal::label() const {
  if (name.empty()) return address + " (" + unknown_because + ")";
  const std::string id = type + "/" + name;
  return address.empty() || address == id ? id : id + " (" + address + ")";
}

}  // namespace iamtrim
