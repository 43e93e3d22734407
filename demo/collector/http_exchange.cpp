#include "http_exchange.hpp"

#include <algorithm>
#include <cctype>

namespace erratum::collector {
namespace {

template <typename Map>
std::string first_value(const Map& map, const typename Map::key_type& key) {
  const auto it = map.find(key);
  return it == map.end() ? std::string() : it->second;
}

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

bool Request::has_header(const std::string& name) const { return headers.count(name) > 0; }
std::string Request::get_header_value(const std::string& name) const { return first_value(headers, name); }
std::size_t Request::get_header_value_count(const std::string& name) const { return headers.count(name); }
bool Request::has_param(const std::string& name) const { return params.count(name) > 0; }
std::string Request::get_param_value(const std::string& name) const { return first_value(params, name); }

bool Response::has_header(const std::string& name) const { return headers.count(name) > 0; }
std::string Response::get_header_value(const std::string& name) const { return first_value(headers, name); }

void Response::set_header(const std::string& name, const std::string& value) {
  headers.erase(name);
  headers.emplace(name, value);
}

void Response::add_header(const std::string& name, const std::string& value) { headers.emplace(name, value); }

void Response::set_content(std::string content, const std::string& content_type) {
  body = std::move(content);
  set_header("Content-Type", content_type);
}

void Response::set_stream(BodyStream producer, const std::string& content_type) {
  body.clear();
  stream = std::move(producer);
  set_header("Content-Type", content_type);
}

void Response::set_redirect(const std::string& location, int redirect_status) {
  set_header("Location", location);
  status = redirect_status;
}

}  // namespace erratum::collector
