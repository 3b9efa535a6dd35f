"""What a person pastes or a link carries, checked before any request.

Job, project and organization IDs.
"""
