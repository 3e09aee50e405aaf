// proxguac-bench: the scale benchmark (issue 7). Placeholder.
print("proxguac-bench: not yet implemented")
