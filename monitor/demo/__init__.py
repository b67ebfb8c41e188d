"""The bundled offline demo: `monitor demo`."""
