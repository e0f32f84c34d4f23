"""Machine-readable outputs for harvesters: DCAT-AP, DCAT-US data.json, schema.org, dataset feeds, changes.csv."""
