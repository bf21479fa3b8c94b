#include "hostbridge/value.hpp"

#include "hostbridge/value_conversion.hpp"

#include <utility>

namespace hostbridge {

const char* typeName(ValueType type) {
    switch (type) {
    case ValueType::Nil: return "nil";
    case ValueType::Boolean: return "boolean";
    case ValueType::Int: return "int";
    case ValueType::Double: return "double";
    case ValueType::String: return "string";
    case ValueType::DateTime: return "dateTime.iso8601";
    case ValueType::Bytes: return "base64";
    case ValueType::Array: return "array";
    case ValueType::Struct: return "struct";
    }
    return "unknown";
}

ConversionError::ConversionError(std::string path, std::string detail)
    : std::runtime_error(path.empty() ? detail : path + ": " + detail), m_path(std::move(path)),
      m_detail(std::move(detail)) {}

ConversionError ConversionError::within(const std::string& outer) const {
    // Segments attach directly: "params[0]" + ".shots" + "[2]" + ".name".
    return ConversionError(outer + m_path, m_detail);
}

void Value::throwUnsignedOverflow(std::uint64_t i) {
    throw ConversionError({}, "integer " + std::to_string(i) + " is too large for XML-RPC (max 2^63-1)");
}

void Value::throwMismatch(ValueType expected) const {
    throw ConversionError({}, std::string("expected ") + typeName(expected) + ", got " + typeName(type()));
}

void throwIntRange(std::int64_t value, const char* cppType) {
    throw ConversionError({}, "integer " + std::to_string(value) + " does not fit in " + cppType);
}

namespace {
bool isNonEmptyContainer(const Value& v) {
    return (v.type() == ValueType::Array && !v.asArray().empty()) ||
           (v.type() == ValueType::Struct && !v.asStruct().empty());
}

// Copies and destructions recurse, one stack frame per level, while they are this deep on the
// calling thread: values nested deeper (a hostile request, 14,000 levels) switch to the lists
// below, which cost a vector entry per container; recursion is 20-30 % faster on a context.
constexpr unsigned kRecursionDepth = 64;
thread_local unsigned recursionDepth = 0;

// Counts one level of recursion while it lives, also when a copy throws.
struct RecursionLevel {
    RecursionLevel() { ++recursionDepth; }
    ~RecursionLevel() { --recursionDepth; }
    RecursionLevel(const RecursionLevel&) = delete;
    RecursionLevel& operator=(const RecursionLevel&) = delete;
};
}  // namespace

Value::Value(const Value& other) {
    if (recursionDepth < kRecursionDepth) {
        RecursionLevel level;
        m_data = other.m_data;  // copies nested values through this constructor, one level deeper
        return;
    }
    // Containers are copied one level at a time: each copy gets empty containers where the
    // original has nested ones, which are filled from the list after (see ~Value).
    std::vector<std::pair<Value*, const Value*>> pending{{this, &other}};
    while (!pending.empty()) {
        const auto [to, from] = pending.back();
        pending.pop_back();
        if (const auto* elements = std::get_if<Array>(&from->m_data)) {
            Array copy(elements->size());  // nil elements, filled below
            for (std::size_t i = 0; i < elements->size(); ++i) {
                const Value& element = (*elements)[i];
                if (element.m_data.index() >= static_cast<std::size_t>(ValueType::Array))
                    pending.emplace_back(&copy[i], &element);
                else copy[i].m_data = element.m_data;
            }
            to->m_data = std::move(copy);  // moves the buffer: the pointers above stay valid
        } else if (const auto* members = std::get_if<Struct>(&from->m_data)) {
            to->m_data = Struct{};
            Struct& copy = std::get<Struct>(to->m_data);
            for (const auto& [key, member] : *members) {
                Value& slot = copy.emplace_hint(copy.end(), key, Value())->second;
                if (member.m_data.index() >= static_cast<std::size_t>(ValueType::Array))
                    pending.emplace_back(&slot, &member);
                else slot.m_data = member.m_data;
            }
        } else {
            to->m_data = from->m_data;
        }
    }
}

Value& Value::operator=(const Value& other) {
    if (this != &other) *this = Value(other);
    return *this;
}

Value::~Value() {
    if (m_data.index() < static_cast<std::size_t>(ValueType::Array)) return;
    if (recursionDepth < kRecursionDepth) {
        RecursionLevel level;
        m_data = nullptr;  // destroys the nested values through this destructor, one level deeper
        return;
    }
    // Deeper, each level's destructor would take a stack frame (a value 14,000 levels deep
    // overflowed the stack): the nested containers are moved to a list instead, so each is
    // destroyed with no container left inside it.
    std::vector<Value> pending;
    takeNestedContainers(pending);
    while (!pending.empty()) {
        Value last = std::move(pending.back());
        pending.pop_back();
        last.takeNestedContainers(pending);
    }
}

void Value::takeNestedContainers(std::vector<Value>& out) {
    if (auto* elements = std::get_if<Array>(&m_data)) {
        for (Value& element : *elements)
            if (isNonEmptyContainer(element)) out.push_back(std::move(element));
    } else if (auto* members = std::get_if<Struct>(&m_data)) {
        for (auto& member : *members)
            if (isNonEmptyContainer(member.second)) out.push_back(std::move(member.second));
    }
}

bool operator==(const Value& a, const Value& b) {
    // Pairs still to compare, instead of recursion (see ~Value).
    std::vector<std::pair<const Value*, const Value*>> pending{{&a, &b}};
    while (!pending.empty()) {
        const auto [x, y] = pending.back();
        pending.pop_back();
        if (x->type() != y->type()) return false;
        if (x->type() == ValueType::Array) {
            const Array& xs = x->asArray();
            const Array& ys = y->asArray();
            if (xs.size() != ys.size()) return false;
            for (std::size_t i = 0; i < xs.size(); ++i) pending.emplace_back(&xs[i], &ys[i]);
        } else if (x->type() == ValueType::Struct) {
            const Struct& xs = x->asStruct();
            const Struct& ys = y->asStruct();
            if (xs.size() != ys.size()) return false;
            for (auto i = xs.begin(), j = ys.begin(); i != xs.end(); ++i, ++j) {
                if (i->first != j->first) return false;
                pending.emplace_back(&i->second, &j->second);
            }
        } else if (x->m_data != y->m_data) {  // a scalar: the variant compares it
            return false;
        }
    }
    return true;
}

bool Value::asBool() const {
    if (auto* b = std::get_if<bool>(&m_data)) return *b;
    throwMismatch(ValueType::Boolean);
}

std::int64_t Value::asInt() const {
    if (auto* i = std::get_if<std::int64_t>(&m_data)) return *i;
    throwMismatch(ValueType::Int);
}

double Value::asDouble() const {
    if (auto* d = std::get_if<double>(&m_data)) return *d;
    // An integer is a valid double argument: callers such as Python send 2, not 2.0.
    if (auto* i = std::get_if<std::int64_t>(&m_data)) return static_cast<double>(*i);
    throwMismatch(ValueType::Double);
}

const std::string& Value::asString() const {
    if (auto* s = std::get_if<std::string>(&m_data)) return *s;
    throwMismatch(ValueType::String);
}

const Bytes& Value::asBytes() const {
    if (auto* b = std::get_if<Bytes>(&m_data)) return *b;
    throwMismatch(ValueType::Bytes);
}

DateTime Value::asDateTime() const {
    if (auto* t = std::get_if<DateTime>(&m_data)) return *t;
    throwMismatch(ValueType::DateTime);
}

const Array& Value::asArray() const {
    if (auto* a = std::get_if<Array>(&m_data)) return *a;
    throwMismatch(ValueType::Array);
}

Array& Value::asArray() {
    if (auto* a = std::get_if<Array>(&m_data)) return *a;
    throwMismatch(ValueType::Array);
}

const Struct& Value::asStruct() const {
    if (auto* s = std::get_if<Struct>(&m_data)) return *s;
    throwMismatch(ValueType::Struct);
}

Struct& Value::asStruct() {
    if (auto* s = std::get_if<Struct>(&m_data)) return *s;
    throwMismatch(ValueType::Struct);
}

const Value* Value::find(const std::string& key) const {
    const auto* members = std::get_if<Struct>(&m_data);
    if (!members) return nullptr;
    auto it = members->find(key);
    return it == members->end() ? nullptr : &it->second;
}

const Value& Value::at(const std::string& key) const {
    const Struct& members = asStruct();
    auto it = members.find(key);
    if (it == members.end()) throw ConversionError("." + key, "missing member");
    return it->second;
}

const Value& Value::at(std::size_t index) const {
    const Array& elements = asArray();
    if (index >= elements.size())
        throw ConversionError("[" + std::to_string(index) + "]",
                              "index out of range (size " + std::to_string(elements.size()) + ")");
    return elements[index];
}

}  // namespace hostbridge
