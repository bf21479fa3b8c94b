#pragma once
// Builds values one level deeper without copying what is inside: an initializer list
// (Array{v}) copies, and copying a value 100,000 levels deep recurses once per level.

#include <hostbridge/value.hpp>

#include <utility>

inline hostbridge::Value inArray(hostbridge::Value inner) {
    hostbridge::Array array;
    array.push_back(std::move(inner));
    return hostbridge::Value(std::move(array));
}

inline hostbridge::Value inStruct(hostbridge::Value inner) {
    hostbridge::Struct members;
    members.emplace("m", std::move(inner));
    return hostbridge::Value(std::move(members));
}
