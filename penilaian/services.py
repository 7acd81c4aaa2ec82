"""penilaian: services. Filled by the issue that builds this part of the loop."""
