using System.Reflection;
using System.Runtime.CompilerServices;
using Dapper;

namespace Impact.Dashboard.Display;

/// <summary>
/// Lets Dapper fill the pages' positional row records across engines. Dapper picks a record's
/// constructor only when every column's reported type matches exactly, but the engines disagree:
/// SQLite reports an expression column as byte[] when there is no row or the value is NULL, SQL
/// Server's COUNT is int where PostgreSQL's is bigint. Mapped through this type map, Dapper always
/// uses the primary constructor and converts each value to the parameter's type.
/// </summary>
static class RecordRows
{
    [ModuleInitializer]
    internal static void Register()
    {
        foreach (var type in typeof(RecordRows).Assembly.GetTypes().Where(IsRowRecord))
            SqlMapper.SetTypeMap(type, new PrimaryConstructorMap(type));
    }

    // A sealed record whose constructor takes only scalars: a row, not a page's composed result.
    static bool IsRowRecord(Type type) =>
        type.IsSealed && type.GetMethod("<Clone>$") is not null
        && type.GetConstructors() is [var ctor] && ctor.GetParameters().Length > 0
        && ctor.GetParameters().All(p => IsScalar(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType));

    static bool IsScalar(Type t) => t.IsPrimitive || t == typeof(string) || t == typeof(decimal);

    sealed class PrimaryConstructorMap(Type type) : SqlMapper.ITypeMap
    {
        readonly DefaultTypeMap inner = new(type);
        readonly ConstructorInfo constructor = type.GetConstructors().Single();

        public ConstructorInfo FindConstructor(string[] names, Type[] types) => constructor;
        public ConstructorInfo? FindExplicitConstructor() => null;
        public SqlMapper.IMemberMap? GetConstructorParameter(ConstructorInfo ctor, string columnName) =>
            inner.GetConstructorParameter(ctor, columnName);
        public SqlMapper.IMemberMap? GetMember(string columnName) => inner.GetMember(columnName);
    }
}
