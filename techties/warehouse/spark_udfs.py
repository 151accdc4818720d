"""The pandas UDFs of `spark_ingest`, run on Spark's executors (pandas and pyspark needed there).

Kept apart, without postponed annotations: Spark reads the `pd.Series` type hints at run time to know
these are Series-to-Series UDFs.
"""

import pandas as pd
from pyspark.sql.functions import pandas_udf


@pandas_udf("string")
def resolve_country(raw: pd.Series) -> pd.Series:
    """The country resolver (`resolve.countries`) over a batch of distinct affiliation strings."""
    from techties.resolve.countries import country_from_affiliation

    return raw.map(country_from_affiliation)


@pandas_udf("string")
def rebuild_abstract(index_json: pd.Series) -> pd.Series:
    """Abstracts from inverted indexes kept as JSON text, with the Python reader's own rebuild."""
    from techties.ingest_native import abstract_from_index_json

    return index_json.map(abstract_from_index_json)
