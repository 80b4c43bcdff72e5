"""The store, the query runner, graph views, the CLI and the Streamlit explorer."""
