"""Pages, one module per subject. Each view is thin: resolve, ask the policy, call, render."""
