"""`field__any_of=ids`: membership in a long list of ids sent as one value.

`field__in=ids` sends one parameter per id: a province's 8.000 cells and 2.600 members
moved out of them made a statement of 19.000 parameters, whose compiling and quoting cost
the client 100 ms before PostgreSQL read a row. Here the list is one array parameter
(`= ANY(%s)`) on PostgreSQL, and the same `IN (…)` elsewhere."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a foreign key: its column
