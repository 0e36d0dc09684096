"""Rendering: turns plain result objects into Rich renderables. Only this layer prints."""
